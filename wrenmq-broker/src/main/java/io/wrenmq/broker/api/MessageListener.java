package io.wrenmq.broker.api;

/**
 * Receives the messages of an in-process subscriber ({@code WrenBroker.subscribe}).
 *
 * <p>Called on the subscriber's event loop unless {@link SubscriberOptions#executor} names another executor; in
 * order, one message at a time. On an event loop it MUST NOT block (no I/O, no waiting): hand slow work to your own
 * thread and {@link ReceivedMessage#ack() acknowledge} from there. A QoS 1/2 message stays in flight until it is
 * acknowledged: up to {@link SubscriberOptions#maxInflight} at once, then further messages wait in the session's
 * bounded queue ({@code mqtt.max_mqueue_len}, as for a network client). A listener that throws is logged; its
 * message stays unacknowledged.
 */
@FunctionalInterface
public interface MessageListener {
    void onMessage(ReceivedMessage message);
}
