package io.wrenmq.server.gateway.nng;

import java.time.Duration;

/**
 * A socket's limits and timers. Defaults follow nng where it has one: 1 MiB receive limit (NNG_OPT_RECVMAXSZ),
 * 100 ms first reconnect delay (NNG_OPT_RECONNMINT), hop limit 8 for PAIR1 (NNG_OPT_MAXTTL), 10 s to finish the
 * handshake (nng's TCP negotiation timeout).
 *
 * @param maxMessageSize largest message body accepted from a peer, in bytes; a longer length prefix closes the pipe
 * @param sendBufferBytes bytes queued towards one pipe before further messages for it are dropped (and counted); it
 *     bounds our queue and Netty's outbound buffer for the pipe, so a stalled peer holds at most about twice this
 * @param reconnectMin first delay before a dialer reconnects; doubled after each failure up to {@code reconnectMax}
 * @param reconnectMax longest delay between reconnect attempts
 * @param handshakeTimeout a peer that has not sent its 8-byte header by then is disconnected
 * @param maxHops PAIR1 messages that have crossed more devices than this are dropped (nng's TTL check)
 */
public record NngOptions(int maxMessageSize, int sendBufferBytes, Duration reconnectMin, Duration reconnectMax,
        Duration handshakeTimeout, int maxHops) {
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

    public NngOptions {
        // The frame decoder adds the 8-byte length to the limit, so stay below Integer.MAX_VALUE with it.
        if (maxMessageSize < 1 || maxMessageSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("max message size " + maxMessageSize + " must be 1.."
                    + (Integer.MAX_VALUE - 16));
        }
        if (sendBufferBytes < 1) {
            throw new IllegalArgumentException("send buffer " + sendBufferBytes + " must be at least 1 byte");
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect delays must satisfy 0 < min <= max, got "
                    + reconnectMin + " and " + reconnectMax);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive, got " + handshakeTimeout);
        }
        if (maxHops < 1 || maxHops > 255) {
            throw new IllegalArgumentException("max hops " + maxHops + " must be 1..255 (NNG_OPT_MAXTTL)");
        }
    }

    public static NngOptions defaults() {
        return new NngOptions(DEFAULT_MAX_MESSAGE_SIZE, 4 << 20, Duration.ofMillis(100), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 8);
    }

    public NngOptions withMaxMessageSize(int bytes) {
        return new NngOptions(bytes, sendBufferBytes, reconnectMin, reconnectMax, handshakeTimeout, maxHops);
    }

    public NngOptions withSendBufferBytes(int bytes) {
        return new NngOptions(maxMessageSize, bytes, reconnectMin, reconnectMax, handshakeTimeout, maxHops);
    }

    public NngOptions withReconnect(Duration min, Duration max) {
        return new NngOptions(maxMessageSize, sendBufferBytes, min, max, handshakeTimeout, maxHops);
    }

    public NngOptions withHandshakeTimeout(Duration timeout) {
        return new NngOptions(maxMessageSize, sendBufferBytes, reconnectMin, reconnectMax, timeout, maxHops);
    }
}
