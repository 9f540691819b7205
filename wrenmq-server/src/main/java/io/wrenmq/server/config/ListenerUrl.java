package io.wrenmq.server.config;

import io.wrenmq.broker.listener.ListenerConfig.Kind;
import io.wrenmq.broker.listener.ListenerConfig;
import java.util.Locale;

/**
 * NanoMQ's listener URL: {@code nmq-tcp://host:port}, {@code tls+nmq-tcp://host:port}, {@code nmq-ws://host:port/path}
 * and {@code nmq-wss://host:port/path}. The scheme names the listener kind; the rest is a bind address (IPv6 in
 * brackets) and, for WebSocket, the HTTP path (/mqtt when absent). Read from `wrenmq start --url`, NanoMQ's
 * environment variables and a listener's {@code bind} key, so a NanoMQ user's URLs work unchanged.
 *
 * @param path the WebSocket path for ws/wss, null for tcp/ssl
 */
public record ListenerUrl(Kind kind, BindAddress address, String path) {
    static final String EXAMPLES = "nmq-tcp://0.0.0.0:1883, tls+nmq-tcp://0.0.0.0:8883, nmq-ws://0.0.0.0:8083/mqtt"
            + " or nmq-wss://0.0.0.0:8084/mqtt";

    /** True when {@code text} is written as a URL (has a scheme), whether or not the scheme is known. */
    public static boolean looksLikeUrl(String text) {
        return text.contains("://");
    }

    /** The scheme NanoMQ uses for a listener kind. */
    public static String scheme(Kind kind) {
        return switch (kind) {
            case TCP -> "nmq-tcp";
            case SSL -> "tls+nmq-tcp";
            case WS -> "nmq-ws";
            case WSS -> "nmq-wss";
            case QUIC -> "mqtt-quic"; // NanoMQ has no QUIC listener; its bridges' scheme for an MQTT-over-QUIC server
        };
    }

    /** Parses a URL; the message of a refusal says what is wrong and the hint shows the accepted forms. */
    public static ListenerUrl parse(String url) throws ValueType.BadValue {
        String s = url.trim();
        int sep = s.indexOf("://");
        if (sep < 0) {
            throw new ValueType.BadValue("not a listener URL: \"" + s + "\"", "write " + EXAMPLES);
        }
        Kind kind = kindOf(s.substring(0, sep).toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new ValueType.BadValue("unknown scheme \"" + s.substring(0, sep) + "\" in \"" + s + "\"",
                    "use nmq-tcp, tls+nmq-tcp, nmq-ws or nmq-wss, e.g. " + EXAMPLES);
        }
        String rest = s.substring(sep + 3);
        int slash = rest.indexOf('/');
        String address = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? null : rest.substring(slash);
        if (path != null && !kind.webSocket()) {
            throw new ValueType.BadValue("a path is only for nmq-ws and nmq-wss URLs: \"" + s + "\"", "write " + example(kind));
        }
        if (address.lastIndexOf(':') <= address.lastIndexOf(']')) {
            // No port, or only the colons inside an IPv6 address: NanoMQ would pick none either.
            throw new ValueType.BadValue("missing port in \"" + s + "\"", "write " + example(kind));
        }
        BindAddress bind = BindAddress.parse(address);
        if (kind.webSocket() && (path == null || path.equals("/"))) {
            path = ListenerConfig.DEFAULT_WEBSOCKET_PATH;
        }
        return new ListenerUrl(kind, bind, path);
    }

    /** "nmq-tcp://host:port, e.g. nmq-tcp://0.0.0.0:1883" (NanoMQ's default ports). */
    private static String example(Kind kind) {
        String form = kind.webSocket() ? "host:port/path" : "host:port";
        String port = switch (kind) {
            case TCP -> "1883";
            case SSL -> "8883";
            case WS -> "8083/mqtt";
            case WSS -> "8084/mqtt";
            case QUIC -> "14567";
        };
        return scheme(kind) + "://" + form + ", e.g. " + scheme(kind) + "://0.0.0.0:" + port;
    }

    private static Kind kindOf(String scheme) {
        for (Kind k : Kind.values()) {
            if (scheme(k).equals(scheme)) {
                return k;
            }
        }
        return null;
    }

    /** The value of the listener's {@code bind} key: "host:port", or "host:port/path" for WebSocket. */
    public String bindText() {
        return address + (path == null ? "" : path);
    }

    /** The listener block this URL sets: listeners.tcp, listeners.ssl, listeners.ws or listeners.wss. */
    public String section() {
        return ListenerKeys.section(kind);
    }

    @Override
    public String toString() {
        return scheme(kind) + "://" + bindText();
    }
}
