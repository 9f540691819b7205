package io.wrenmq.server.config;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.List;

/**
 * How one configuration key's value is read and checked. {@link #parse} throws {@link BadValue} with a
 * message and a hint (allowed values, range, expected form) for the error report; the loader adds file
 * and line. {@link #read} also returns warnings about a value that is used, but not as written (a NanoMQ
 * value clamped into range, a NanoMQ sub-key that has no effect); the loader logs them as WARN.
 */
public interface ValueType<T> {

    T parse(ConfigValue value) throws BadValue;

    /** The value and what to warn about it; types that warn override this (and make {@link #parse} use it). */
    default Parsed<T> read(ConfigValue value) throws BadValue {
        return new Parsed<>(parse(value), List.of());
    }

    /** A short human description for docs and hints, e.g. "integer 0..65535" or "newest | oldest". */
    String describe();

    /** A parsed value and the warnings about it. */
    record Parsed<T>(T value, List<Warning> warnings) {
        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Something the user should know about an accepted value.
     *
     * @param origin where it is written (null: at the key's own value)
     * @param subKey the part of the key it is about, relative to the key ("" for the key itself), e.g. "auth_req.ssl"
     */
    record Warning(ConfigOrigin origin, String subKey, String message) {
    }

    /**
     * A value that cannot be used; the loader turns it into a {@link ConfigError} at the value's origin, or at
     * {@link #origin()} and {@link #subKey()} when the problem sits deeper inside a block (an ACL rule's key).
     */
    final class BadValue extends Exception {
        private final String hint;
        private final ConfigOrigin origin;
        private final String subKey;

        public BadValue(String message, String hint) {
            this(message, hint, null, null);
        }

        /**
         * @param origin file and line of the bad part (null: the key's value)
         * @param subKey the bad part relative to the key, e.g. "rules[2].permit" (null: the key itself)
         */
        public BadValue(String message, String hint, ConfigOrigin origin, String subKey) {
            super(message, null, false, false);
            this.hint = hint;
            this.origin = origin;
            this.subKey = subKey;
        }

        public String hint() {
            return hint;
        }

        public ConfigOrigin origin() {
            return origin;
        }

        public String subKey() {
            return subKey;
        }
    }
}
