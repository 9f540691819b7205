package io.wrenmq.server.bridge;

import io.wrenmq.client.QuicOptions;

/**
 * A remote broker's address from NanoMQ's URL form: {@code mqtt-tcp://host:port} (plain),
 * {@code tls+mqtt-tcp://host:port} (TLS, with the bridge's {@code ssl} block) or {@code mqtt-quic://host:port} (MQTT
 * over QUIC: TLS 1.3 with the same {@code ssl} block, the QUIC settings from the bridge's {@code quic_*} keys).
 *
 * @param url   the URL as written, for logs and the REST API
 * @param tls   TLS is used (tls+mqtt-tcp:// and mqtt-quic://), with the bridge's ssl block
 * @param quic  the QUIC settings for mqtt-quic://; null for TCP
 */
public record BridgeServer(String url, String host, int port, boolean tls, QuicOptions quic) {
    public BridgeServer {
        if (quic != null && !tls) {
            throw new IllegalArgumentException("QUIC is always TLS: " + url);
        }
    }

    /** A TCP server (plain or TLS). */
    public BridgeServer(String url, String host, int port, boolean tls) {
        this(url, host, port, tls, null);
    }

    /** The same server with these QUIC settings (the bridge's quic_* keys); a TCP server stays as it is. */
    public BridgeServer withQuic(QuicOptions options) {
        return quic == null ? this : new BridgeServer(url, host, port, tls, options);
    }

    @Override
    public String toString() {
        return url;
    }
}
