package io.wrenmq.broker.session;

/** Which message a full session queue gives up (`mqtt.mqueue_drop`); every drop is counted and logged. */
public enum QueueDropPolicy {
    /** Keep the queue, drop the arriving message (Mosquitto's behaviour). */
    DROP_NEWEST,
    /** Drop the oldest queued message to make room (EMQX's behaviour). */
    DROP_OLDEST
}
