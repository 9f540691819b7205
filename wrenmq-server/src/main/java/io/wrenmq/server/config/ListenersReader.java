package io.wrenmq.server.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.broker.ListenerConfig;
import io.wrenmq.broker.limits.ListenerLimits;
import io.wrenmq.broker.limits.Rate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the `listeners` block. `listeners.tcp` is the default listener when it has `bind` directly;
 * each nested object `listeners.tcp.<name>` is a named listener (NanoMQ's layout). Listeners come out in
 * file order, default first, so the broker's bound addresses follow the file.
 */
final class ListenersReader {
    private static final List<String> LISTENER_KEYS = List.of("bind", "enable", "max_connections",
            "max_conn_rate", "max_conn_burst", "messages_rate", "messages_burst", "bytes_rate", "bytes_burst");

    private final List<ConfigError> errors;
    /** Each listener's own rates, by listener name (only listeners that set one). */
    private final Map<String, ListenerLimits> limits = new HashMap<>();

    ListenersReader(List<ConfigError> errors) {
        this.errors = errors;
    }

    /** The listeners, or null when the block is unusable (errors were recorded). */
    List<ListenerConfig> read(ConfigValue listeners) {
        if (!isObject(listeners, "listeners")) {
            return null;
        }
        List<ListenerConfig> out = new ArrayList<>();
        ConfigObject obj = (ConfigObject) listeners;
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            String path = "listeners." + e.getKey();
            String notYet = ConfigSchema.notYetSupported().get(path);
            if (e.getKey().equals("tcp")) {
                readTcp(e.getValue(), out);
            } else if (notYet != null) {
                errors.add(ConfigLoader.notSupported(e.getValue().origin(), path, notYet));
            } else {
                errors.add(ConfigError.at(e.getValue().origin(), path, "unknown key",
                        Hints.forUnknownKey(path, List.of(ConfigSchema.TCP), List.of("tcp"))));
            }
        }
        if (out.stream().noneMatch(ListenerConfig::enabled) && errorsAbout("listeners") == 0) {
            errors.add(ConfigError.at(listeners.origin(), "listeners", "no enabled listener",
                    "add listeners.tcp { bind = \"127.0.0.1:1883\" } or remove the listeners block for that default"));
        }
        checkDuplicates(out, obj);
        return out;
    }

    private void readTcp(ConfigValue tcp, List<ListenerConfig> out) {
        if (!isObject(tcp, ConfigSchema.TCP)) {
            return;
        }
        ConfigObject obj = (ConfigObject) tcp;
        List<Map.Entry<String, ConfigValue>> named = new ArrayList<>();
        boolean hasDirectKeys = false;
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            if (LISTENER_KEYS.contains(e.getKey())) {
                hasDirectKeys = true;
            } else if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                named.add(e);
            } else {
                unknown(ConfigSchema.TCP, e.getKey(), e.getValue());
            }
        }
        if (hasDirectKeys) {
            ListenerConfig def = listener("default", ConfigSchema.TCP, obj);
            if (def != null) {
                out.add(def);
            }
        }
        // ConfigObject does not keep file order; the origin line does.
        named.sort(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> e.getValue().origin().lineNumber())
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, ConfigValue> e : named) {
            String path = ConfigSchema.TCP + "." + e.getKey();
            ConfigObject l = (ConfigObject) e.getValue();
            for (Map.Entry<String, ConfigValue> k : l.entrySet()) {
                if (!LISTENER_KEYS.contains(k.getKey())) {
                    unknown(path, k.getKey(), k.getValue());
                }
            }
            ListenerConfig lc = listener(e.getKey(), path, l);
            if (lc != null) {
                out.add(lc);
            }
        }
        if (!hasDirectKeys && named.isEmpty() && obj.isEmpty()) {
            errors.add(ConfigError.at(tcp.origin(), ConfigSchema.TCP, "empty listener block", "add bind = \"127.0.0.1:1883\""));
        }
    }

    private ListenerConfig listener(String name, String path, ConfigObject obj) {
        ConfigValue bindValue = obj.get("bind");
        if (bindValue == null) {
            errors.add(ConfigError.at(obj.origin(), path + ".bind", "missing", "every listener needs bind = \"host:port\""));
            return null;
        }
        BindAddress bind = value("bind", path, obj, null);
        Boolean enabled = value("enable", path, obj, true);
        Integer maxConnections = value("max_connections", path, obj, 0);
        if (bind == null || enabled == null || maxConnections == null) {
            return null;
        }
        readLimits(name, path, obj);
        return new ListenerConfig(name, bind.host(), bind.port(), enabled, maxConnections);
    }

    /** The listeners' own rates (max_conn_rate, messages_rate, bytes_rate and bursts), by listener name. */
    Map<String, ListenerLimits> limits() {
        return limits;
    }

    private void readLimits(String name, String path, ConfigObject obj) {
        Rate conn = rate(path, obj, "max_conn_rate", "max_conn_burst");
        Rate messages = rate(path, obj, "messages_rate", "messages_burst");
        Rate bytes = rate(path, obj, "bytes_rate", "bytes_burst");
        if (conn != null || messages != null || bytes != null) {
            limits.put(name, new ListenerLimits(conn, messages, bytes));
        }
    }

    /** The rate a listener sets, or null when it sets none (or 0): the broker-wide one applies. */
    private Rate rate(String path, ConfigObject obj, String rateKey, String burstKey) {
        if (obj.get(rateKey) == null) {
            if (obj.get(burstKey) != null) {
                errors.add(ConfigError.at(obj.get(burstKey).origin(), path + "." + burstKey, "has no " + rateKey
                        + " on this listener", "set " + rateKey + " here too, or set limits." + burstKey + " for the broker-wide rate"));
            }
            return null;
        }
        Double perSecond = value(rateKey, path, obj, 0.0);
        Number burst = value(burstKey, path, obj, 0);
        return perSecond == null || burst == null || perSecond == 0 ? null : new Rate(perSecond, burst.longValue());
    }

    /** The parsed value of one listener key, its default when absent, or null after recording an error. */
    @SuppressWarnings("unchecked")
    private <T> T value(String key, String path, ConfigObject obj, T absent) {
        ConfigValue v = obj.get(key);
        if (v == null) {
            return absent;
        }
        ConfigKey<T> schemaKey = (ConfigKey<T>) ConfigSchema.key(ConfigSchema.TCP + "." + key);
        try {
            return schemaKey.type().parse(v);
        } catch (ValueType.BadValue e) {
            errors.add(ConfigError.at(v.origin(), path + "." + key, e.getMessage(), e.hint()));
            return null;
        }
    }

    private void checkDuplicates(List<ListenerConfig> listeners, ConfigObject obj) {
        Map<String, String> seen = new HashMap<>();
        for (ListenerConfig l : listeners) {
            if (!l.enabled() || l.port() == 0) {
                continue;
            }
            String address = new BindAddress(l.host(), l.port()).toString();
            String other = seen.putIfAbsent(address, l.name());
            if (other != null) {
                errors.add(ConfigError.at(obj.origin(), "listeners", "listeners '" + other + "' and '" + l.name()
                        + "' both bind " + address, "give each listener its own port"));
            }
        }
    }

    private void unknown(String section, String key, ConfigValue value) {
        String path = section + "." + key;
        List<String> candidates = LISTENER_KEYS.stream().map(k -> section + "." + k).toList();
        errors.add(ConfigError.at(value.origin(), path, "unknown key", Hints.forUnknownKey(path, candidates, LISTENER_KEYS)));
    }

    private boolean isObject(ConfigValue v, String path) {
        if (v.valueType() != ConfigValueType.OBJECT) {
            errors.add(ConfigError.at(v.origin(), path, "wrong type: found " + v.valueType().name().toLowerCase(), "expected a block { ... }"));
            return false;
        }
        return true;
    }

    private long errorsAbout(String prefix) {
        return errors.stream().filter(e -> e.key() != null && e.key().startsWith(prefix)).count();
    }
}
