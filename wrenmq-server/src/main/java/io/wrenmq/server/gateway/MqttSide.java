package io.wrenmq.server.gateway;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A gateway's MQTT end: the subscriptions it receives on and the publishes it sends (the ZeroMQ gateway subscribes
 * and publishes at QoS 0, as NanoMQ's: zmq_gateway.c connect_cb and client_publish; the NNG gateway at the QoS of
 * each forwards/subscription entry). Two implementations: {@link InProcessMqttSide}
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
     * Attaches (or connects) and subscribes each topic filter at its QoS (filter -> QoS, in order); completes once the
     * subscriptions are in force. A QoS 1/2 message is acknowledged once the listener has returned: the gateway has
     * then queued (or counted as dropped) what no one downstream acknowledges anyway. A remote side keeps reconnecting
     * and subscribing again after a lost link.
     */
    CompletableFuture<Void> start(Map<String, Integer> filters, Listener listener);

    /**
     * Publishes, not retained; completes when the broker (or the client's connection) has taken it, and exceptionally
     * when the MQTT side cannot take it now (a remote link that is down): the caller counts a drop. The payload array
     * is not copied.
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos);

    /** Whether a publish would be taken now: always for the in-process side, while connected for a remote one. */
    boolean isUp();

    /** "in-process" or the remote broker's address, for the status. */
    String describe();

    /** Detaches (disconnects); idempotent. */
    @Override
    void close();
}
