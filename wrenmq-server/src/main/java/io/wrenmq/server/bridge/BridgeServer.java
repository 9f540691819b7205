package io.wrenmq.server.bridge;

/**
 * A remote broker's address from NanoMQ's URL form: {@code mqtt-tcp://host:port} (plain) or
 * {@code tls+mqtt-tcp://host:port} (TLS, with the bridge's {@code ssl} block). {@code mqtt-quic://} is refused until
 * QUIC exists (#16).
 *
 * @param url  the URL as written, for logs and the REST API
 */
public record BridgeServer(String url, String host, int port, boolean tls) {
    @Override
    public String toString() {
        return url;
    }
}
