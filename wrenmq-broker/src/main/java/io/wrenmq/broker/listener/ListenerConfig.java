package io.wrenmq.broker.listener;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One MQTT listener: a name (the key under `listeners.<kind>`), its kind (tcp, ssl, ws, wss), the address to
 * bind, whether it is on, and how many connections it accepts at once (0 = no per-listener limit).
 *
 * @param tls                 the TLS settings; required for ssl and wss, null for tcp and ws
 * @param webSocketPath       the HTTP path WebSocket clients upgrade on ("/mqtt"); null for tcp and ssl
 * @param proxyAddressHeader  for ws/wss behind a reverse proxy: the request header that names the client's
 *                            address (e.g. "X-Forwarded-For"); null = the header is not trusted (the default)
 */
public record ListenerConfig(String name, Kind kind, String host, int port, boolean enabled, int maxConnections,
        TlsConfig tls, String webSocketPath, String proxyAddressHeader) {

    /** The default WebSocket path, NanoMQ's and MQTT.js's. */
    public static final String DEFAULT_WEBSOCKET_PATH = "/mqtt";

    /** What a listener speaks below MQTT. */
    public enum Kind {
        TCP(false, false), SSL(true, false), WS(false, true), WSS(true, true);

        private final boolean tls;
        private final boolean webSocket;

        Kind(boolean tls, boolean webSocket) {
            this.tls = tls;
            this.webSocket = webSocket;
        }

        public boolean tls() {
            return tls;
        }

        public boolean webSocket() {
            return webSocket;
        }

        /** The config block name: tcp, ssl, ws, wss. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (kind.tls() != (tls != null)) {
            throw new IllegalArgumentException("listener " + name + ": " + kind.configName()
                    + (kind.tls() ? " needs TLS settings (keyfile, certfile)" : " takes no TLS settings"));
        }
        if (kind.webSocket()) {
            webSocketPath = webSocketPath == null ? DEFAULT_WEBSOCKET_PATH : webSocketPath;
            if (!webSocketPath.startsWith("/")) {
                throw new IllegalArgumentException("listener " + name + ": WebSocket path must start with /: " + webSocketPath);
            }
        } else if (webSocketPath != null || proxyAddressHeader != null) {
            throw new IllegalArgumentException("listener " + name + ": a path and a proxy header need ws or wss");
        }
    }

    /** A plain TCP listener (the form used before TLS and WebSocket existed). */
    public ListenerConfig(String name, String host, int port, boolean enabled, int maxConnections) {
        this(name, Kind.TCP, host, port, enabled, maxConnections, null, null, null);
    }

    /**
     * Unique among all listeners: names are unique only within a kind (the default tcp and the default ssl listener
     * are both "default"), so per-listener settings and the client identity use "kind:name", e.g. "ssl:default".
     */
    public String id() {
        return kind.configName() + ":" + name;
    }

    /** A TCP listener on the given address, on and without a connection limit. */
    public static ListenerConfig tcp(String host, int port) {
        return new ListenerConfig("default", host, port, true, 0);
    }

    /** A TLS listener ("listeners.ssl"). */
    public static ListenerConfig ssl(String host, int port, TlsConfig tls) {
        return new ListenerConfig("default", Kind.SSL, host, port, true, 0, tls, null, null);
    }

    /** A WebSocket listener on {@code path} ("listeners.ws"). */
    public static ListenerConfig ws(String host, int port, String path) {
        return new ListenerConfig("default", Kind.WS, host, port, true, 0, null, path, null);
    }

    /** A secure WebSocket listener: TLS, then WebSocket on {@code path} ("listeners.wss"). */
    public static ListenerConfig wss(String host, int port, String path, TlsConfig tls) {
        return new ListenerConfig("default", Kind.WSS, host, port, true, 0, tls, path, null);
    }

    public ListenerConfig withName(String value) {
        return new ListenerConfig(value, kind, host, port, enabled, maxConnections, tls, webSocketPath, proxyAddressHeader);
    }

    public ListenerConfig withEnabled(boolean value) {
        return new ListenerConfig(name, kind, host, port, value, maxConnections, tls, webSocketPath, proxyAddressHeader);
    }

    public ListenerConfig withMaxConnections(int value) {
        return new ListenerConfig(name, kind, host, port, enabled, value, tls, webSocketPath, proxyAddressHeader);
    }

    public ListenerConfig withProxyAddressHeader(String value) {
        return new ListenerConfig(name, kind, host, port, enabled, maxConnections, tls, webSocketPath, value);
    }

    /** The same listener with its TLS file names resolved against {@code base}. */
    public ListenerConfig resolvedAgainst(Path base) {
        return tls == null ? this : new ListenerConfig(name, kind, host, port, enabled, maxConnections,
                tls.resolvedAgainst(base), webSocketPath, proxyAddressHeader);
    }

    /** "ssl listener default" - how logs and errors name this listener. */
    public String describe() {
        return kind.configName() + " listener " + name;
    }
}
