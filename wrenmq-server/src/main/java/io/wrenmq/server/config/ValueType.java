package io.wrenmq.server.config;

import com.typesafe.config.ConfigValue;

/**
 * How one configuration key's value is read and checked. {@link #parse} throws {@link BadValue} with a
 * message and a hint (allowed values, range, expected form) for the error report; the loader adds file
 * and line.
 */
public interface ValueType<T> {

    T parse(ConfigValue value) throws BadValue;

    /** A short human description for docs and hints, e.g. "integer 0..65535" or "newest | oldest". */
    String describe();

    /** A value that cannot be used; the loader turns it into a {@link ConfigError} at the value's origin. */
    final class BadValue extends Exception {
        private final String hint;

        public BadValue(String message, String hint) {
            super(message, null, false, false);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }
}
