package io.wrenmq.broker.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An in-process subscriber: a session of the broker whose "connection" is a {@link MessageListener} in this
 * process. It has a session's guarantees: QoS 1/2 messages are delivered until acknowledged, at most
 * {@link SubscriberOptions#maxInflight} at once, the rest waits in the bounded session queue
 * ({@code mqtt.max_mqueue_len}, with the broker's drop and back-pressure policies), and a persistent one keeps all of
 * it across {@link #close()} and restarts. Thread-safe.
 */
public interface InProcessSubscriber extends AutoCloseable {
    /** The session's name (its client id). */
    String name();

    /**
     * Subscribes a topic filter ({@code $share/<group>/...} too) at a QoS; completes once the subscription is in force
     * (and, for a persistent subscriber with a durable store, committed), with the granted QoS. Retained messages
     * follow as {@link SubscriberOptions#retainHandling} says. A bad filter completes exceptionally
     * (IllegalArgumentException); so does a subscriber that is closed.
     */
    CompletableFuture<Integer> subscribe(String topicFilter, int qos);

    /** Removes a subscription; completes with whether there was one. */
    CompletableFuture<Boolean> unsubscribe(String topicFilter);

    /** The topic filters subscribed now (a snapshot). */
    List<String> subscriptions();

    /** Whether it is still attached: false after {@link #close()} or when another subscriber took its session over. */
    boolean isOpen();

    /**
     * Detaches the listener. A persistent subscriber's session stays (messages queue for it until it subscribes again
     * under the same name); a non-persistent one ends. Idempotent.
     */
    @Override
    void close();
}
