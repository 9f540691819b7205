package io.wrenmq.broker.session;

import java.time.Duration;

/**
 * The engine settings sessions read, implemented by the composition root's {@code BrokerConfig}: the session layer
 * sees only these, and sees them live (a reload may change every one of them).
 */
public interface SessionSettings {
    /** Messages queued per session (mqtt.max_mqueue_len); 0 = no limit. */
    int maxMqueueLen();

    /** Which message a full queue drops (mqtt.mqueue_drop). */
    QueueDropPolicy mqueueDropPolicy();

    /** Whether QoS 0 messages are queued for offline sessions (mqtt.mqueue_store_qos0). */
    boolean mqueueStoreQos0();

    /** Unacknowledged outgoing QoS 1/2 messages per client (mqtt.max_inflight_window). */
    int maxInflightWindow();

    /** What a connected QoS 1/2 subscriber's full queue does (mqtt.online_queue_full). */
    OnlineQueueFull onlineQueueFull();

    /** How long a subscriber may take nothing before it stops holding its publishers (mqtt.backpressure_timeout). */
    Duration backpressureTimeout();

    /** Bytes all connected subscribers may hold above their queue limit (mqtt.backpressure_max_memory). */
    long backpressureMaxMemory();
}
