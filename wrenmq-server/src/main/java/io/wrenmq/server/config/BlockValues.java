package io.wrenmq.server.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the keys of one block the loader does not walk itself (a WebHook target, a bridge, one entry of a bridge's
 * {@code forwards}) against the schema rows written for every such block ({@code webhook.url},
 * {@code bridges.mqtt.<name>.server}, {@code bridges.mqtt.<name>.forwards[].qos}): each key is its value in the block
 * or the row's default, and problems are named by the block's own path ({@code bridges.mqtt.emqx1.forwards[1].qos})
 * with the file and line they were written at.
 */
final class BlockValues {
    /** Where the loader's warnings about accepted values go (it logs them at WARN with file and line). */
    interface Warnings {
        /** "file:line: key: message". */
        void add(ConfigOrigin origin, String key, String message);

        /** "file:line: key is a NanoMQ key that has no effect in WrenMQ; ignored (why)": one line per key or block. */
        void ignored(ConfigOrigin origin, String key, String why);
    }

    private final ConfigObject block;
    private final String rows;
    private final String path;
    private final List<ConfigError> errors;
    private final Warnings warnings;

    /**
     * @param rows the rows' common prefix, e.g. "bridges.mqtt.&lt;name&gt;." or "webhook."
     * @param path the block's path in the file, e.g. "bridges.mqtt.emqx1"
     */
    BlockValues(ConfigObject block, String rows, String path, List<ConfigError> errors, Warnings warnings) {
        this.block = block;
        this.rows = rows;
        this.path = path;
        this.errors = errors;
        this.warnings = warnings;
    }

    /** The value of {@code key} (it may be dotted: "will.qos"), or null (and an error recorded) when it is bad. */
    <T> T get(String key) {
        @SuppressWarnings("unchecked")
        ValueType<T> type = (ValueType<T>) row(key).type();
        return get(key, type);
    }

    /** As {@link #get(String)}, read with {@code type} instead of the row's own (the default is still the row's). */
    @SuppressWarnings("unchecked")
    <T> T get(String key, ValueType<T> type) {
        ConfigValue v = written(key);
        try {
            if (v == null) {
                return (T) row(key).type().parse(ConfigFactory.parseString("v = " + row(key).defaultText()).getValue("v"));
            }
            ValueType.Parsed<T> parsed = type.read(v);
            parsed.warnings().forEach(w -> warnings.add(w.origin() != null ? w.origin() : v.origin(),
                    ConfigLoader.subPath(path(key), w.subKey()), w.message()));
            return parsed.value();
        } catch (ValueType.BadValue bad) {
            errors.add(ConfigError.at(bad.origin() != null ? bad.origin() : origin(key),
                    ConfigLoader.subPath(path(key), bad.subKey()), bad.getMessage(), bad.hint()));
            return null;
        }
    }

    /** The value written for {@code key}, or null when the block leaves it out. */
    ConfigValue written(String key) {
        if (!key.contains(".")) {
            return block.get(key);
        }
        return block.toConfig().hasPath(key) ? block.toConfig().getValue(key) : null;
    }

    /** A block inside this one, e.g. an entry of forwards: rows {@code <rows><rel>.}, path {@code <path>.<at>}. */
    BlockValues entry(ConfigObject obj, String rel, String at) {
        return new BlockValues(obj, rows + rel + ".", path(at), errors, warnings);
    }

    /** Where {@code key} is written, or the block itself when it is not. */
    ConfigOrigin origin(String key) {
        ConfigValue v = written(key);
        return v != null ? v.origin() : block.origin();
    }

    /** The key's path in the file: "bridges.mqtt.emqx1" + "will.qos". */
    String path(String key) {
        return path + "." + key;
    }

    String path() {
        return path;
    }

    ConfigObject block() {
        return block;
    }

    /** Records a problem with {@code key}, at its value (or at the block when the key is missing). */
    void error(String key, String message, String hint) {
        errors.add(ConfigError.at(origin(key), path(key), message, hint));
    }

    Warnings warnings() {
        return warnings;
    }

    /**
     * Checks every key written in the block (and in its sub-blocks and lists of blocks) against the rows: a key with no
     * row is an error with a hint (a typo must not be ignored), a NanoMQ key the schema ignores gets its one WARN line.
     *
     * @param skip keys of this block the caller reports itself (a family of ignored keys warned about once)
     */
    void checkKeys(Set<String> skip) {
        check(block, "", path, skip);
    }

    private void check(ConfigObject obj, String rel, String at, Set<String> skip) {
        for (var e : obj.entrySet()) {
            String key = rel.isEmpty() ? e.getKey() : rel + "." + e.getKey();
            String full = at + "." + e.getKey();
            ConfigValue v = e.getValue();
            ConfigKey<?> row = ConfigSchema.key(rows + key);
            if (skip.contains(key)) {
                continue;
            }
            if (row != null) {
                if (row.isIgnored()) {
                    warnings.ignored(v.origin(), full, row.doc().replaceFirst("\\.$", ""));
                }
            } else if (!children(key).isEmpty()) {
                if (v instanceof ConfigObject o) {
                    check(o, key, full, Set.of());
                } else {
                    errors.add(ConfigError.at(v.origin(), full, "wrong type: found " + typeName(v),
                            "expected a block " + e.getKey() + " { " + String.join(", ", children(key)) + " }"));
                }
            } else if (!children(key + "[]").isEmpty()) {
                checkList(v, key, full);
            } else {
                errors.add(ConfigError.at(v.origin(), full, "unknown key", Hints.forUnknownKey(full,
                        children(rel).stream().map(k -> at + "." + k).toList(), children(rel))));
            }
        }
    }

    private void checkList(ConfigValue v, String key, String full) {
        String hint = "expected a list " + key + " = [ { " + String.join(", ", children(key + "[]")) + " } ]";
        if (!(v instanceof ConfigList list)) {
            errors.add(ConfigError.at(v.origin(), full, "wrong type: found " + typeName(v), hint));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof ConfigObject entry) {
                check(entry, key + "[]", full + "[" + i + "]", Set.of());
            } else {
                errors.add(ConfigError.at(list.get(i).origin(), full + "[" + i + "]", "wrong type: found "
                        + typeName(list.get(i)), hint));
            }
        }
    }

    /** The names valid directly below {@code rel} ("" = the block itself): "server", "will", "forwards", ... */
    private Collection<String> children(String rel) {
        String start = rows + (rel.isEmpty() ? "" : rel + ".");
        Set<String> out = new LinkedHashSet<>();
        for (String p : ConfigSchema.keys().keySet()) {
            if (p.startsWith(start)) {
                String rest = p.substring(start.length());
                String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                out.add(first.replace("[]", ""));
            }
        }
        return out;
    }

    private ConfigKey<?> row(String key) {
        ConfigKey<?> row = ConfigSchema.key(rows + key);
        if (row == null) {
            throw new IllegalStateException("no schema row " + rows + key); // a programming error, not the user's
        }
        return row;
    }

    /** An error for a key no target knows, with the closest known one (or the valid keys) as the hint. */
    static ConfigError unknown(String path, String key, ConfigValue v, List<String> keys) {
        String full = path + "." + key;
        return ConfigError.at(v.origin(), full, "unknown key", Hints.forUnknownKey(full,
                keys.stream().map(k -> path + "." + k).toList(), keys));
    }

    static String typeName(ConfigValue v) {
        return v.valueType().name().toLowerCase(Locale.ROOT);
    }
}
