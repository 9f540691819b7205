package io.wrenmq.server.config;

import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One row of the key schema: path, type, default as written in the file, how it is applied, how the
 * current value is read back (to check the documented default against the engine's), and what it means.
 *
 * @param setter null for keys the loader handles itself (listeners) and for ignored NanoMQ keys
 * @param getter null where there is no single value to read back
 * @param ignored non-null for NanoMQ keys that are accepted but mean nothing here: the log level to report them at
 */
public record ConfigKey<T>(String path, ValueType<T> type, String defaultText, BiConsumer<ConfigTarget, T> setter,
                           Function<ConfigTarget, Object> getter, String doc, IgnoredLevel ignored) {

    /** How loudly an accepted-but-ignored NanoMQ key is reported. */
    public enum IgnoredLevel { DEBUG, WARN }

    public boolean isIgnored() {
        return ignored != null;
    }

    /**
     * A row of every block the user names or every entry of a list ({@code bridges.mqtt.<name>.forwards[].qos}): read
     * by the block's own reader, with no single place in the file (nor a default there).
     */
    public boolean isPattern() {
        return path.contains("<name>") || path.contains("[]");
    }

    /**
     * Parses and applies the value; the setter may still refuse it (BrokerConfig checks its own ranges).
     *
     * @return warnings about the value (clamped into range, a sub-key with no effect), for the loader to log
     */
    List<ValueType.Warning> apply(ConfigTarget target, ConfigValue value) throws ValueType.BadValue {
        ValueType.Parsed<T> parsed = type.read(value);
        if (setter != null) {
            try {
                setter.accept(target, parsed.value());
            } catch (IllegalArgumentException e) {
                throw new ValueType.BadValue(e.getMessage(), type.describe());
            }
        }
        return parsed.warnings();
    }
}
