package io.wrenmq.server.gateway;

import java.util.concurrent.CompletableFuture;

/**
 * A gateway's MQTT end: one subscription it receives on, and QoS 0 publishes it sends (NanoMQ's gateways subscribe
 * and publish at QoS 0: zmq_gateway.c connect_cb and client_publish). Two implementations: {@link InProcessMqttSide}
 * inside the broker (an in-process session, no socket) and {@link RemoteMqttSide} for `wrenmq gateway ... --conf`,
 * which connects to {@code gateway.mqtt.address} with wrenmq-client. Thread-safe.
 */
public interface MqttSide extends AutoCloseable {

    /** Receives what arrives on the subscription; called on a network thread: it must not block. */
    @FunctionalInterface
    interface Listener {
        /** @param payload the message's own copy; the listener may keep it */
        void onMessage(String topic, byte[] payload);
    }

    /**
     * Attaches (or connects) and subscribes {@code topicFilter} at QoS 0 (none when it is empty); completes once the
     * subscription is in force. A remote side keeps reconnecting and subscribing again after a lost link.
     */
    CompletableFuture<Void> start(String topicFilter, Listener listener);

    /**
     * Publishes at QoS 0, not retained; completes when the broker (or the client's connection) has taken it, and
     * exceptionally when the MQTT side cannot take it now (a remote link that is down): the caller counts a drop.
     * The payload array is not copied.
     */
    CompletableFuture<Void> publish(String topic, byte[] payload);

    /** Whether a publish would be taken now: always for the in-process side, while connected for a remote one. */
    boolean isUp();

    /** "in-process" or the remote broker's address, for the status. */
    String describe();

    /** Detaches (disconnects); idempotent. */
    @Override
    void close();
}
