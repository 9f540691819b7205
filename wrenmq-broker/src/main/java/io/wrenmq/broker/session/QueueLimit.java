package io.wrenmq.broker.session;

/**
 * A session's own queue bound, in place of the broker-wide {@code mqtt.max_mqueue_len} and {@code mqtt.mqueue_drop}:
 * an in-process subscriber that buffers for a remote peer (a bridge's offline cache) needs a larger, separately
 * sized queue than a device does.
 *
 * @param maxLength   messages queued at the most; 0 = no limit
 * @param dropPolicy  which message a full queue drops
 * @param copyQueued  queued messages get their own payload even while the session is attached: a queue that may
 *                    stay long (a slow or unreachable remote) must not pin network read buffers
 */
public record QueueLimit(int maxLength, QueueDropPolicy dropPolicy, boolean copyQueued) {
    public QueueLimit {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0: " + maxLength);
        }
    }
}
