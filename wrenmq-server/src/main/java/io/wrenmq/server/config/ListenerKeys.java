package io.wrenmq.server.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.PeerCertField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The keys of each listener kind and the value types only listeners use (bind with a path, TLS versions, ciphers). */
final class ListenerKeys {
    static final List<String> COMMON = List.of("bind", "enable", "max_connections",
            "max_conn_rate", "max_conn_burst", "messages_rate", "messages_burst", "bytes_rate", "bytes_burst");
    /** The certificate keys a wss listener takes from listeners.ssl when it has none of its own. */
    static final List<String> CERTIFICATE = List.of("keyfile", "certfile", "cacertfile", "key_password");
    static final List<String> TLS = List.of("keyfile", "certfile", "cacertfile", "key_password", "verify_peer",
            "fail_if_no_peer_cert", "versions", "ciphers", "handshake_timeout", "peer_cert_as_username",
            "peer_cert_as_clientid");
    static final List<String> WEBSOCKET = List.of("proxy_address_header");
    /** QUIC is always TLS 1.3 (RFC 9001): no versions, ciphers or TLS handshake_timeout; its own transport keys. */
    static final List<String> QUIC = List.of("keyfile", "certfile", "cacertfile", "key_password", "verify_peer",
            "fail_if_no_peer_cert", "peer_cert_as_username", "peer_cert_as_clientid", "idle_timeout", "stream_window");

    private ListenerKeys() {
    }

    /** The block of a kind: listeners.tcp, listeners.ssl, listeners.ws, listeners.wss, listeners.quic. */
    static String section(ListenerConfig.Kind kind) {
        return "listeners." + kind.configName();
    }

    static List<String> keysOf(ListenerConfig.Kind kind) {
        List<String> out = new ArrayList<>(COMMON);
        if (kind == ListenerConfig.Kind.QUIC) {
            out.addAll(QUIC);
        } else if (kind.tls()) {
            out.addAll(TLS);
        }
        if (kind.webSocket()) {
            out.addAll(WEBSOCKET);
        }
        return out;
    }

    /** A bind address with an optional HTTP path for ws/wss: "0.0.0.0:8083/mqtt" (no path = /mqtt). */
    record Bind(BindAddress address, String path) {
    }

    /**
     * A listener's bind: "host:port" ("host:port/path" for ws/wss), or NanoMQ's URL of the same kind
     * ("nmq-tcp://0.0.0.0:1883", "nmq-ws://0.0.0.0:8083/mqtt"); a URL of another kind is refused.
     */
    static ValueType<Bind> bind(ListenerConfig.Kind kind) {
        boolean webSocket = kind.webSocket();
        return new ValueType<>() {
            @Override
            public Bind parse(ConfigValue value) throws ValueType.BadValue {
                String s = ValueTypes.scalarText(value, describe()).trim();
                if (ListenerUrl.looksLikeUrl(s)) {
                    return fromUrl(kind, s);
                }
                int slash = s.indexOf('/');
                if (slash < 0) {
                    return new Bind(BindAddress.parse(s), webSocket ? ListenerConfig.DEFAULT_WEBSOCKET_PATH : null);
                }
                if (!webSocket) {
                    throw new ValueType.BadValue("a path in bind is only for ws and wss listeners: \"" + s + "\"",
                            "write \"host:port\", or use listeners.ws / listeners.wss for MQTT over WebSocket");
                }
                return new Bind(BindAddress.parse(s.substring(0, slash)), s.substring(slash));
            }

            @Override
            public String describe() {
                return webSocket ? "\"host:port/path\"" : "\"host:port\"";
            }
        };
    }

    private static Bind fromUrl(ListenerConfig.Kind kind, String s) throws ValueType.BadValue {
        ListenerUrl url = ListenerUrl.parse(s);
        if (url.kind() != kind) {
            throw new ValueType.BadValue(ListenerUrl.scheme(url.kind()) + ":// is a URL for " + url.section()
                    + ", not " + section(kind), "move it to " + url.section() + ".bind, or write "
                    + ListenerUrl.scheme(kind) + "://host:port" + (kind.webSocket() ? "/path" : "") + " or \"host:port\" here");
        }
        return new Bind(url.address(), url.path());
    }

    /** TLS versions as NanoMQ/EMQX write them ("tlsv1.3"); anything older than TLS 1.2 is refused with its own hint. */
    static ValueType<List<String>> versions() {
        Map<String, String> allowed = new LinkedHashMap<>();
        allowed.put("tlsv1.3", "TLSv1.3");
        allowed.put("tlsv1.2", "TLSv1.2");
        ValueType<List<String>> list = ValueTypes.listOf(allowed);
        return new ValueType<>() {
            @Override
            public List<String> parse(ConfigValue value) throws ValueType.BadValue {
                for (String word : words(value)) {
                    String w = word.toLowerCase(Locale.ROOT);
                    if (w.equals("tlsv1.1") || w.equals("tlsv1") || w.equals("tlsv1.0") || w.startsWith("ssl")) {
                        throw new ValueType.BadValue(word + " is not allowed: TLS 1.2 is the minimum",
                                "use [\"tlsv1.3\", \"tlsv1.2\"]; older versions have known weaknesses (RFC 8996)");
                    }
                }
                List<String> out = list.parse(value);
                if (out.isEmpty()) {
                    throw new ValueType.BadValue("no TLS version", "use [\"tlsv1.3\", \"tlsv1.2\"]");
                }
                return out;
            }

            @Override
            public String describe() {
                return list.describe();
            }
        };
    }

    /** Cipher suite names (JDK/IANA names), a list or comma-separated text; empty = the JDK's defaults. */
    static ValueType<List<String>> ciphers() {
        return new ValueType<>() {
            @Override
            public List<String> parse(ConfigValue value) throws ValueType.BadValue {
                List<String> out = new ArrayList<>();
                for (String w : words(value)) {
                    if (!w.matches("[A-Za-z0-9_]+")) {
                        throw new ValueType.BadValue("not a cipher suite name: \"" + w + "\"",
                                "use IANA/JDK names such as TLS_AES_128_GCM_SHA256 or TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
                    }
                    out.add(w);
                }
                return List.copyOf(out);
            }

            @Override
            public String describe() {
                return "list of cipher suite names";
            }
        };
    }

    static ValueType<PeerCertField> peerCert() {
        Map<String, PeerCertField> m = new LinkedHashMap<>();
        m.put("none", PeerCertField.NONE);
        m.put("cn", PeerCertField.CN);
        m.put("dn", PeerCertField.DN);
        return ValueTypes.oneOf(m);
    }

    /** Text where "" means "not set" (returned as null). */
    static ValueType<String> optionalText() {
        return new ValueType<>() {
            @Override
            public String parse(ConfigValue value) throws ValueType.BadValue {
                String s = ValueTypes.scalarText(value, describe()).trim();
                return s.isEmpty() ? null : s;
            }

            @Override
            public String describe() {
                return "string";
            }
        };
    }

    private static List<String> words(ConfigValue value) throws ValueType.BadValue {
        List<String> out = new ArrayList<>();
        if (value.valueType() == ConfigValueType.LIST) {
            for (ConfigValue item : (ConfigList) value) {
                out.add(ValueTypes.scalarText(item, "word").trim());
            }
        } else {
            String s = ValueTypes.scalarText(value, "list").trim();
            s = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
