package io.wrenmq.server.gateway;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.InProcessSubscriber;
import io.wrenmq.broker.api.Publication;
import io.wrenmq.broker.api.SubscriberOptions;
import java.util.concurrent.CompletableFuture;

/**
 * The MQTT end of a gateway inside the broker: an in-process session named {@code $gateway/<name>} (listed by
 * /clients like a bridge's {@code $bridge/<name>}), not persistent, subscribed at QoS 0; publishes go through
 * {@link WrenBroker#publish} under that name, and No Local keeps what the gateway published from coming back to it
 * when {@code forward} matches {@code sub_topic}. No socket, no credentials: the broker trusts its own gateway as it
 * trusts its bridges (the ACL is not asked).
 */
public final class InProcessMqttSide implements MqttSide {
    private final WrenBroker broker;
    private final String sessionName;
    private volatile InProcessSubscriber subscriber;

    public InProcessMqttSide(WrenBroker broker, String gatewayName) {
        this.broker = broker;
        this.sessionName = "$gateway/" + gatewayName;
    }

    @Override
    public CompletableFuture<Void> start(String topicFilter, Listener listener) {
        // QoS 0 messages reach the listener on the session's event loop; the listener only offers to a bounded queue.
        SubscriberOptions options = SubscriberOptions.named(sessionName).noLocal(true);
        return broker.subscribe(options, m -> listener.onMessage(m.topic(), m.payload())).thenCompose(s -> {
            subscriber = s;
            return topicFilter.isEmpty() ? CompletableFuture.completedFuture(null)
                    : s.subscribe(topicFilter, 0).thenApply(granted -> (Void) null);
        });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        try {
            return broker.publish(Publication.of(topic, payload).publisher(sessionName, null)).thenApply(n -> null);
        } catch (RuntimeException e) { // a stopped broker, a topic MQTT refuses
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean isUp() {
        return true;
    }

    @Override
    public String describe() {
        return "in-process";
    }

    @Override
    public void close() {
        InProcessSubscriber s = subscriber;
        if (s != null) {
            s.close();
        }
    }
}
