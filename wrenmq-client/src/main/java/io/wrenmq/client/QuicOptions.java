package io.wrenmq.client;

import java.time.Duration;
import java.util.Objects;

/**
 * QUIC transport settings of a client that connects with {@code mqtt-quic://} (NanoMQ's {@code quic_*} bridge keys
 * map here, see docs/quic.md).
 *
 * @param idleTimeout       QUIC's max_idle_timeout (RFC 9000 section 10.1; NanoMQ's quic_idle_timeout, default 120 s)
 * @param handshakeTimeout  how long the QUIC handshake may take (NanoMQ's quic_handshake_timeout); the client's
 *                          connect timeout still bounds the whole connect
 * @param maxAckDelay       the longest we delay an ACK (RFC 9000 section 18.2 max_ack_delay; quic_max_ack_delay_ms)
 * @param earlyData         resume the TLS session of the last connection to the same host and port and send CONNECT
 *                          as 0-RTT early data (RFC 9001 section 4.6; NanoMQ's quic_0rtt)
 */
public record QuicOptions(Duration idleTimeout, Duration handshakeTimeout, Duration maxAckDelay, boolean earlyData) {
    public static final QuicOptions DEFAULTS = new QuicOptions(Duration.ofSeconds(120), Duration.ofSeconds(10),
            Duration.ofMillis(25), true);

    public QuicOptions {
        positive(idleTimeout, "idleTimeout");
        positive(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(maxAckDelay, "maxAckDelay");
        if (maxAckDelay.isNegative() || maxAckDelay.toMillis() >= 1 << 14) {
            throw new IllegalArgumentException("maxAckDelay must be 0..16383 ms (RFC 9000 section 18.2): " + maxAckDelay);
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    public QuicOptions withIdleTimeout(Duration value) {
        return new QuicOptions(value, handshakeTimeout, maxAckDelay, earlyData);
    }

    public QuicOptions withHandshakeTimeout(Duration value) {
        return new QuicOptions(idleTimeout, value, maxAckDelay, earlyData);
    }

    public QuicOptions withMaxAckDelay(Duration value) {
        return new QuicOptions(idleTimeout, handshakeTimeout, value, earlyData);
    }

    public QuicOptions withEarlyData(boolean value) {
        return new QuicOptions(idleTimeout, handshakeTimeout, maxAckDelay, value);
    }
}
