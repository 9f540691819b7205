package io.wrenmq.server.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.client.QuicOptions;
import io.wrenmq.server.bridge.BridgeServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The value types of the bridges' keys (server URLs, NanoMQ's 0/1 flags, user properties and text as written), also
 * read for the rules' (rules.repub's server, SQL and templates as written).
 */
final class BridgeValueTypes {
    static final String TCP = "mqtt-tcp://";
    static final String TLS = "tls+mqtt-tcp://";
    static final String QUIC = "mqtt-quic://";
    private static final String URL_HINT = "expected \"mqtt-tcp://host:port\", \"tls+mqtt-tcp://host:port\" or"
            + " \"mqtt-quic://host:port\" (IPv6 in brackets: \"mqtt-tcp://[::1]:1883\"; the port defaults to 1883, with TLS"
            + " to 8883, with QUIC to 14567)";

    private BridgeValueTypes() {
    }

    /**
     * A bridge's {@code server}: NanoMQ's {@code mqtt-tcp://host:port}, {@code tls+mqtt-tcp://host:port} or
     * {@code mqtt-quic://host:port} (MQTT over QUIC with the default QUIC settings; the bridge's quic_* keys change them).
     *
     * @param bareIsTls NanoMQ's {@code bridges.aws.<name>} writes {@code "host:port"} without a scheme: TLS (AWS IoT
     *                  Core accepts nothing else)
     */
    static ValueType<BridgeServer> server(boolean bareIsTls) {
        return new ValueType<>() {
            @Override
            public BridgeServer parse(ConfigValue value) throws BadValue {
                return parseUrl(ValueTypes.scalarText(value, describe()).trim(), bareIsTls);
            }

            @Override
            public String describe() {
                return "mqtt-tcp://, tls+mqtt-tcp:// or mqtt-quic:// URL";
            }
        };
    }

    /** {@code hybrid_servers}: more servers to fail over to, each a URL as for {@code server}. */
    static ValueType<List<BridgeServer>> servers() {
        return new ValueType<>() {
            @Override
            public List<BridgeServer> parse(ConfigValue value) throws BadValue {
                return read(value).value();
            }

            @Override
            public Parsed<List<BridgeServer>> read(ConfigValue value) throws BadValue {
                if (!(value instanceof ConfigList list)) {
                    throw new BadValue("wrong type: found " + BlockValues.typeName(value),
                            "expected a list hybrid_servers = [\"mqtt-tcp://host:port\", ...]");
                }
                List<BridgeServer> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    String s = ValueTypes.scalarText(list.get(i), "URL").trim();
                    try {
                        out.add(parseUrl(s, false));
                    } catch (BadValue bad) {
                        throw new BadValue(bad.getMessage(), bad.hint(), list.get(i).origin(), "[" + i + "]");
                    }
                }
                return new Parsed<>(List.copyOf(out), List.of());
            }

            @Override
            public String describe() {
                return "list of mqtt-tcp://, tls+mqtt-tcp:// or mqtt-quic:// URLs";
            }
        };
    }

    private static BridgeServer parseUrl(String url, boolean bareIsTls) throws ValueType.BadValue {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean tls;
        boolean quic = false;
        String rest;
        if (lower.startsWith(QUIC)) {
            tls = true; // QUIC is TLS 1.3 (RFC 9001); the bridge's ssl block gives its files
            quic = true;
            rest = url.substring(QUIC.length());
        } else if (lower.startsWith(TLS)) {
            tls = true;
            rest = url.substring(TLS.length());
        } else if (lower.startsWith(TCP)) {
            tls = false;
            rest = url.substring(TCP.length());
        } else if (bareIsTls && !url.contains("://")) {
            tls = true;
            rest = url;
        } else {
            throw new ValueType.BadValue("not an MQTT server URL: \"" + url + "\"", URL_HINT);
        }
        String host = rest;
        String port = null;
        if (rest.startsWith("[")) { // [::1] or [::1]:1883
            int close = rest.indexOf(']');
            String after = close < 0 ? "" : rest.substring(close + 1);
            if (close < 0 || !after.isEmpty() && !after.startsWith(":")) {
                throw new ValueType.BadValue("not an MQTT server URL: \"" + url + "\"", URL_HINT);
            }
            host = rest.substring(1, close);
            port = after.isEmpty() ? null : after.substring(1);
        } else if (rest.indexOf(':') >= 0) {
            if (rest.indexOf(':') != rest.lastIndexOf(':')) {
                throw new ValueType.BadValue("an IPv6 address needs brackets: \"" + url + "\"", URL_HINT);
            }
            host = rest.substring(0, rest.indexOf(':'));
            port = rest.substring(rest.indexOf(':') + 1);
        }
        if (host.isEmpty() || !host.chars().allMatch(c -> c > ' ' && c != 127 && "/?#@[]".indexOf(c) < 0)) {
            throw new ValueType.BadValue("no host name or address in \"" + url + "\"", URL_HINT);
        }
        int defaultPort = quic ? 14567 : tls ? 8883 : 1883; // EMQX's QUIC port; MQTT's IANA ports
        return new BridgeServer(url, host, port == null ? defaultPort : port(port, url), tls,
                quic ? QuicOptions.DEFAULTS : null);
    }

    private static int port(String text, String url) throws ValueType.BadValue {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValueType.BadValue("not a port 1..65535 in \"" + url + "\"", URL_HINT);
    }

    /** A switch NanoMQ writes as true/false or as 1/0 ({@code request_problem_infomation = 1}). */
    static ValueType<Boolean> flag() {
        return new ValueType<>() {
            @Override
            public Boolean parse(ConfigValue value) throws BadValue {
                String s = ValueTypes.scalarText(value, describe()).trim();
                return switch (s) {
                    case "1" -> true;
                    case "0" -> false;
                    default -> ValueTypes.bool().parse(value);
                };
            }

            @Override
            public String describe() {
                return "boolean (or 1/0)";
            }
        };
    }

    /** Text exactly as written (no trimming: a topic, a password or a payload may begin with a space); "" allowed. */
    static ValueType<String> text() {
        return new ValueType<>() {
            @Override
            public String parse(ConfigValue value) throws BadValue {
                return ValueTypes.scalarText(value, describe());
            }

            @Override
            public String describe() {
                return "string";
            }
        };
    }

    /** MQTT 5 user properties: {@code user_property { key1 = value1, key2 = value2 }}. */
    static ValueType<Map<String, String>> userProperties() {
        return new ValueType<>() {
            @Override
            public Map<String, String> parse(ConfigValue value) throws BadValue {
                if (value.valueType() != ConfigValueType.OBJECT) {
                    throw new BadValue("wrong type: found " + BlockValues.typeName(value), "expected " + describe());
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
                    try {
                        out.put(e.getKey(), ValueTypes.scalarText(e.getValue(), "string"));
                    } catch (BadValue bad) {
                        throw new BadValue(bad.getMessage(), "expected " + describe(), e.getValue().origin(), e.getKey());
                    }
                }
                return out;
            }

            @Override
            public String describe() {
                return "block of name = \"value\"";
            }
        };
    }
}
