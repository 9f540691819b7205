package io.wrenmq.broker.listener;

import java.time.Duration;
import java.util.Objects;

/**
 * The QUIC transport settings of one quic listener (its TLS settings are in {@link TlsConfig}).
 *
 * @param idleTimeout   QUIC's max_idle_timeout (RFC 9000 section 10.1): a connection that sends nothing for this
 *                      long is closed by QUIC itself; MQTT's keep alive (1.5 x, section 3.1.2.10) still applies on top,
 *                      so this should be longer than the clients' keep alive. EMQX's and NanoMQ's default is 120 s.
 * @param streamWindow  the flow-control window of the MQTT stream and of the connection (initial_max_stream_data,
 *                      initial_max_data): how many bytes a peer may send before it must wait for our MAX_DATA
 */
public record QuicConfig(Duration idleTimeout, long streamWindow) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /** 8 MiB: a 1 MB PUBLISH goes out in one window at loopback/LAN speeds; quiche allocates buffers lazily. */
    public static final long DEFAULT_STREAM_WINDOW = 8L * 1024 * 1024;
    public static final QuicConfig DEFAULTS = new QuicConfig(DEFAULT_IDLE_TIMEOUT, DEFAULT_STREAM_WINDOW);

    public QuicConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle_timeout must be positive: " + idleTimeout);
        }
        if (streamWindow < 16 * 1024) {
            throw new IllegalArgumentException("stream window must be at least 16KB: " + streamWindow);
        }
    }

    public QuicConfig withIdleTimeout(Duration value) {
        return new QuicConfig(value, streamWindow);
    }
}
