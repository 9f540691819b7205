package io.wrenmq.broker.session;

/**
 * What happens when the queue of a CONNECTED QoS 1/2 subscriber reaches {@code mqtt.max_mqueue_len}
 * ({@code mqtt.online_queue_full}). Offline sessions and QoS 0 messages always follow {@link QueueDropPolicy}.
 */
public enum OnlineQueueFull {
    /**
     * Slow the publishers that feed the subscriber down (their connections stop being read) until its queue has
     * drained to half, so no acknowledged message is lost because a subscriber is slower than its publishers.
     * Bounded by {@code mqtt.backpressure_timeout} (a subscriber that takes nothing that long stops holding them)
     * and by {@code mqtt.backpressure_max_memory} (broker-wide bytes queued above the limits); past either, the
     * queue drops as {@link #DROP} does.
     */
    BACKPRESSURE,
    /** Drop by {@code mqtt.mqueue_drop}, as for an offline session: publishers never wait for a slow subscriber. */
    DROP
}
