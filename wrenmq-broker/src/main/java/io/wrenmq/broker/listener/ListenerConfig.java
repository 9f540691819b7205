package io.wrenmq.broker.listener;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One MQTT listener: a name (the key under `listeners.<kind>`), its kind (tcp, ssl, ws, wss, quic), the address to
 * bind, whether it is on, and how many connections it accepts at once (0 = no per-listener limit).
 *
 * @param tls                 the TLS settings; required for ssl, wss and quic (QUIC is always TLS 1.3), null for tcp
 *                            and ws
 * @param webSocketPath       the HTTP path WebSocket clients upgrade on ("/mqtt"); null for tcp and ssl
 * @param proxyAddressHeader  for ws/wss behind a reverse proxy: the request header that names the client's
 *                            address (e.g. "X-Forwarded-For"); null = the header is not trusted (the default)
 */
public record ListenerConfig(String name, Kind kind, String host, int port, boolean enabled, int maxConnections,
        TlsConfig tls, String webSocketPath, String proxyAddressHeader, QuicConfig quic) {

    /** The default WebSocket path, NanoMQ's and MQTT.js's. */
    public static final String DEFAULT_WEBSOCKET_PATH = "/mqtt";

    /** What a listener speaks below MQTT. */
    public enum Kind {
        TCP(false, false), SSL(true, false), WS(false, true), WSS(true, true),
        /** MQTT over one bidirectional QUIC stream (EMQX's layout); TLS 1.3 is part of QUIC (RFC 9001). */
        QUIC(true, false);

        private final boolean tls;
        private final boolean webSocket;

        Kind(boolean tls, boolean webSocket) {
            this.tls = tls;
            this.webSocket = webSocket;
        }

        /** Has TLS settings (keyfile, certfile, ...): ssl, wss and quic. */
        public boolean tls() {
            return tls;
        }

        /** TLS over TCP, i.e. an SslHandler in the pipeline: ssl and wss (QUIC does its TLS in the QUIC codec). */
        public boolean tlsOverTcp() {
            return tls && this != QUIC;
        }

        public boolean webSocket() {
            return webSocket;
        }

        /** The config block name: tcp, ssl, ws, wss, quic. */
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
        if (kind == Kind.QUIC) {
            quic = quic == null ? QuicConfig.DEFAULTS : quic;
        } else if (quic != null) {
            throw new IllegalArgumentException("listener " + name + ": QUIC settings need a quic listener");
        }
    }

    /** Any listener but quic (the form used before QUIC existed). */
    public ListenerConfig(String name, Kind kind, String host, int port, boolean enabled, int maxConnections,
            TlsConfig tls, String webSocketPath, String proxyAddressHeader) {
        this(name, kind, host, port, enabled, maxConnections, tls, webSocketPath, proxyAddressHeader, null);
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

    /** A QUIC listener ("listeners.quic"): MQTT over QUIC with this certificate, ALPN "mqtt". */
    public static ListenerConfig quic(String host, int port, TlsConfig tls) {
        return new ListenerConfig("default", Kind.QUIC, host, port, true, 0, tls, null, null, QuicConfig.DEFAULTS);
    }

    public ListenerConfig withQuic(QuicConfig value) {
        return new ListenerConfig(name, kind, host, port, enabled, maxConnections, tls, webSocketPath, proxyAddressHeader, value);
    }

    public ListenerConfig withName(String value) {
        return new ListenerConfig(value, kind, host, port, enabled, maxConnections, tls, webSocketPath, proxyAddressHeader, quic);
    }

    public ListenerConfig withEnabled(boolean value) {
        return new ListenerConfig(name, kind, host, port, value, maxConnections, tls, webSocketPath, proxyAddressHeader, quic);
    }

    public ListenerConfig withMaxConnections(int value) {
        return new ListenerConfig(name, kind, host, port, enabled, value, tls, webSocketPath, proxyAddressHeader, quic);
    }

    public ListenerConfig withProxyAddressHeader(String value) {
        return new ListenerConfig(name, kind, host, port, enabled, maxConnections, tls, webSocketPath, value, quic);
    }

    /** The same listener with its TLS file names resolved against {@code base}. */
    public ListenerConfig resolvedAgainst(Path base) {
        return tls == null ? this : new ListenerConfig(name, kind, host, port, enabled, maxConnections,
                tls.resolvedAgainst(base), webSocketPath, proxyAddressHeader, quic);
    }

    /** "ssl listener default" - how logs and errors name this listener. */
    public String describe() {
        return kind.configName() + " listener " + name;
    }
}
