package io.wrenmq.server.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.broker.limits.ListenerLimits;
import io.wrenmq.broker.limits.Rate;
import io.wrenmq.broker.listener.ListenerConfig.Kind;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.PeerCertField;
import io.wrenmq.broker.listener.QuicConfig;
import io.wrenmq.broker.listener.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the `listeners` block: `listeners.tcp`, `listeners.ssl`, `listeners.ws`, `listeners.wss` and `listeners.quic`. Each is
 * the default listener of its kind when it has `bind` directly; each nested object `listeners.<kind>.<name>`
 * is a named listener (NanoMQ's layout). Listeners come out in file order, default first per kind, so the
 * broker's bound addresses follow the file. A wss listener without keyfile and certfile takes the
 * certificate keys of the default `listeners.ssl` block.
 */
final class ListenersReader {
    private final List<ConfigError> errors;
    private ConfigObject sslDefaults;
    /** Each listener's own rates, by {@link ListenerConfig#id()} (only listeners that set one). */
    private final Map<String, ListenerLimits> limits = new HashMap<>();

    ListenersReader(List<ConfigError> errors) {
        this.errors = errors;
    }

    /** The listeners, or null when the block is unusable (errors were recorded). */
    List<ListenerConfig> read(ConfigValue listeners) {
        if (!isObject(listeners, "listeners")) {
            return null;
        }
        ConfigObject obj = (ConfigObject) listeners;
        if (obj.get("ssl") instanceof ConfigObject ssl) {
            sslDefaults = ssl;
        }
        List<Map.Entry<String, ConfigValue>> blocks = new ArrayList<>(obj.entrySet());
        blocks.sort(byLine());
        List<ListenerConfig> out = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : blocks) {
            Kind kind = kindOf(e.getKey());
            if (kind != null) {
                readKind(kind, e.getValue(), out);
            } else {
                String path = "listeners." + e.getKey();
                errors.add(ConfigError.at(e.getValue().origin(), path, "unknown key",
                        Hints.forUnknownKey(path, List.of(ConfigSchema.TCP, "listeners.ssl", "listeners.ws", "listeners.wss",
                                "listeners.quic"), List.of("tcp", "ssl", "ws", "wss", "quic"))));
            }
        }
        if (out.stream().noneMatch(ListenerConfig::enabled) && errorsAbout("listeners") == 0) {
            errors.add(ConfigError.at(listeners.origin(), "listeners", "no enabled listener",
                    "add listeners.tcp { bind = \"127.0.0.1:1883\" } or remove the listeners block for that default"));
        }
        checkDuplicates(out, obj);
        return out;
    }

    private static Kind kindOf(String key) {
        for (Kind k : Kind.values()) {
            if (k.configName().equals(key)) {
                return k;
            }
        }
        return null;
    }

    private static Comparator<Map.Entry<String, ConfigValue>> byLine() {
        // ConfigObject does not keep file order; the origin line does. Blocks set only (or also) by the environment or
        // the command line have no line: they come after the file's, in kind order tcp, ssl, ws, wss.
        return Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> {
            int line = e.getValue().origin().lineNumber();
            return line > 0 ? line : Integer.MAX_VALUE;
        }).thenComparingInt(e -> kindOf(e.getKey()) == null ? Kind.values().length : kindOf(e.getKey()).ordinal())
                .thenComparing(Map.Entry::getKey);
    }

    private void readKind(Kind kind, ConfigValue block, List<ListenerConfig> out) {
        String section = ListenerKeys.section(kind);
        if (!isObject(block, section)) {
            return;
        }
        List<String> keys = ListenerKeys.keysOf(kind);
        ConfigObject obj = (ConfigObject) block;
        List<Map.Entry<String, ConfigValue>> named = new ArrayList<>();
        boolean hasDirectKeys = false;
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            if (keys.contains(e.getKey())) {
                hasDirectKeys = true;
            } else if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                named.add(e);
            } else {
                unknown(section, keys, e.getKey(), e.getValue());
            }
        }
        if (hasDirectKeys) {
            ListenerConfig def = listener(kind, "default", section, obj);
            if (def != null) {
                out.add(def);
            }
        }
        named.sort(byLine());
        for (Map.Entry<String, ConfigValue> e : named) {
            String path = section + "." + e.getKey();
            ConfigObject l = (ConfigObject) e.getValue();
            for (Map.Entry<String, ConfigValue> k : l.entrySet()) {
                if (!keys.contains(k.getKey())) {
                    unknown(path, keys, k.getKey(), k.getValue());
                }
            }
            ListenerConfig lc = listener(kind, e.getKey(), path, l);
            if (lc != null) {
                out.add(lc);
            }
        }
        if (!hasDirectKeys && named.isEmpty() && obj.isEmpty()) {
            errors.add(ConfigError.at(block.origin(), section, "empty listener block",
                    "add bind = " + ConfigSchema.key(section + ".bind").defaultText()));
        }
    }

    private ListenerConfig listener(Kind kind, String name, String path, ConfigObject obj) {
        ConfigValue bindValue = obj.get("bind");
        if (bindValue == null) {
            errors.add(ConfigError.at(obj.origin(), path + ".bind", "missing", "every listener needs bind = "
                    + ConfigSchema.key(ListenerKeys.section(kind) + ".bind").defaultText()));
            return null;
        }
        int before = errors.size();
        ListenerKeys.Bind bind = value(kind, "bind", path, obj, null);
        Boolean enabled = value(kind, "enable", path, obj, true);
        Integer maxConnections = value(kind, "max_connections", path, obj, 0);
        TlsConfig tls = kind.tls() ? tls(kind, path, obj) : null;
        String proxyHeader = kind.webSocket() ? value(kind, "proxy_address_header", path, obj, null) : null;
        QuicConfig quic = kind == Kind.QUIC ? quic(kind, path, obj) : null;
        if (errors.size() > before || bind == null || (kind.tls() && tls == null) || (kind == Kind.QUIC && quic == null)) {
            return null;
        }
        ListenerConfig config = new ListenerConfig(name, kind, bind.address().host(), bind.address().port(), enabled,
                maxConnections, tls, bind.path(), proxyHeader, quic);
        readLimits(kind, config.id(), path, obj);
        return errors.size() > before ? null : config;
    }

    private TlsConfig tls(Kind kind, String path, ConfigObject obj) {
        ConfigObject certs = obj;
        String certPath = path;
        if (kind == Kind.WSS && obj.get("keyfile") == null && obj.get("certfile") == null && sslDefaults != null
                && sslDefaults.get("keyfile") != null) {
            certs = sslDefaults; // NanoMQ's wss uses the ssl block's certificates; so do we, unless wss has its own
            certPath = ListenerKeys.section(Kind.SSL);
        }
        String keyfile = value(kind, "keyfile", certPath, certs, null);
        String certfile = value(kind, "certfile", certPath, certs, null);
        String cacertfile = value(kind, "cacertfile", certPath, certs, null);
        String keyPassword = value(kind, "key_password", certPath, certs, null);
        Boolean verifyPeer = value(kind, "verify_peer", path, obj, false);
        Boolean failIfNoPeerCert = value(kind, "fail_if_no_peer_cert", path, obj, false);
        // QUIC has no such keys: TLS 1.3 only, its cipher suites and handshake are quiche's (RFC 9001).
        boolean overTcp = kind.tlsOverTcp();
        List<String> versions = overTcp ? value(kind, "versions", path, obj, TlsConfig.DEFAULT_VERSIONS) : List.of("TLSv1.3");
        List<String> ciphers = overTcp ? value(kind, "ciphers", path, obj, List.of()) : List.of();
        Duration handshakeTimeout = overTcp ? value(kind, "handshake_timeout", path, obj, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT)
                : TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT;
        PeerCertField asUsername = value(kind, "peer_cert_as_username", path, obj, PeerCertField.NONE);
        PeerCertField asClientId = value(kind, "peer_cert_as_clientid", path, obj, PeerCertField.NONE);
        for (String[] required : new String[][] {{"keyfile", keyfile}, {"certfile", certfile}}) {
            if (required[1] == null && !hasError(certPath + "." + required[0])) {
                errors.add(ConfigError.at(obj.origin(), path + "." + required[0], "missing",
                        kind == Kind.WSS ? "a wss listener needs keyfile and certfile, or a listeners.ssl block with them"
                                : "a TLS listener needs keyfile = \"etc/certs/server.key\" and certfile = \"etc/certs/server.crt\""));
            }
        }
        if (keyfile == null || certfile == null || verifyPeer == null || failIfNoPeerCert == null || versions == null
                || ciphers == null || handshakeTimeout == null || asUsername == null || asClientId == null) {
            return null;
        }
        try {
            return new TlsConfig(Path.of(keyfile), Path.of(certfile), cacertfile == null ? null : Path.of(cacertfile),
                    keyPassword, verifyPeer, failIfNoPeerCert, versions, ciphers, handshakeTimeout, asUsername, asClientId);
        } catch (IllegalArgumentException e) { // also InvalidPathException
            ConfigValue at = obj.get("verify_peer") != null ? obj.get("verify_peer") : obj;
            errors.add(ConfigError.at(at.origin(), path, e.getMessage(),
                    "set cacertfile = \"etc/certs/ca.pem\", or verify_peer = false"));
            return null;
        }
    }

    /** A quic listener's transport settings; null after recording an error. */
    private QuicConfig quic(Kind kind, String path, ConfigObject obj) {
        Duration idle = value(kind, "idle_timeout", path, obj, QuicConfig.DEFAULT_IDLE_TIMEOUT);
        Number window = value(kind, "stream_window", path, obj, QuicConfig.DEFAULT_STREAM_WINDOW);
        return idle == null || window == null ? null : new QuicConfig(idle, window.longValue());
    }

    /** The listeners' own rates (max_conn_rate, messages_rate, bytes_rate and bursts), by listener id. */
    Map<String, ListenerLimits> limits() {
        return limits;
    }

    private void readLimits(Kind kind, String id, String path, ConfigObject obj) {
        Rate conn = rate(kind, path, obj, "max_conn_rate", "max_conn_burst");
        Rate messages = rate(kind, path, obj, "messages_rate", "messages_burst");
        Rate bytes = rate(kind, path, obj, "bytes_rate", "bytes_burst");
        if (conn != null || messages != null || bytes != null) {
            limits.put(id, new ListenerLimits(conn, messages, bytes));
        }
    }

    /** The rate a listener sets, or null when it sets none (or 0): the broker-wide one applies. */
    private Rate rate(Kind kind, String path, ConfigObject obj, String rateKey, String burstKey) {
        if (obj.get(rateKey) == null) {
            if (obj.get(burstKey) != null) {
                errors.add(ConfigError.at(obj.get(burstKey).origin(), path + "." + burstKey, "has no " + rateKey
                        + " on this listener", "set " + rateKey + " here too, or set limits." + burstKey + " for the broker-wide rate"));
            }
            return null;
        }
        Double perSecond = value(kind, rateKey, path, obj, 0.0);
        Number burst = value(kind, burstKey, path, obj, 0);
        return perSecond == null || burst == null || perSecond == 0 ? null : new Rate(perSecond, burst.longValue());
    }

    /** The parsed value of one listener key, its default when absent, or null after recording an error. */
    @SuppressWarnings("unchecked")
    private <T> T value(Kind kind, String key, String path, ConfigObject obj, T absent) {
        ConfigValue v = obj.get(key);
        if (v == null) {
            return absent;
        }
        try {
            if (key.equals("bind")) {
                return (T) ListenerKeys.bind(kind).parse(v);
            }
            ConfigKey<T> schemaKey = (ConfigKey<T>) ConfigSchema.key(ListenerKeys.section(kind) + "." + key);
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
            String other = seen.putIfAbsent(address, l.kind().configName() + "." + l.name());
            if (other != null) {
                errors.add(ConfigError.at(obj.origin(), "listeners", "listeners '" + other + "' and '"
                        + l.kind().configName() + "." + l.name() + "' both bind " + address, "give each listener its own port"));
            }
        }
    }

    private void unknown(String section, List<String> keys, String key, ConfigValue value) {
        String path = section + "." + key;
        List<String> candidates = keys.stream().map(k -> section + "." + k).toList();
        errors.add(ConfigError.at(value.origin(), path, "unknown key", Hints.forUnknownKey(path, candidates, keys)));
    }

    private boolean isObject(ConfigValue v, String path) {
        if (v.valueType() != ConfigValueType.OBJECT) {
            errors.add(ConfigError.at(v.origin(), path, "wrong type: found " + v.valueType().name().toLowerCase(), "expected a block { ... }"));
            return false;
        }
        return true;
    }

    private boolean hasError(String key) {
        return errors.stream().anyMatch(e -> key.equals(e.key()));
    }

    private long errorsAbout(String prefix) {
        return errors.stream().filter(e -> e.key() != null && e.key().startsWith(prefix)).count();
    }
}
