package io.wrenmq.server.gateway;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.InProcessSubscriber;
import io.wrenmq.broker.api.Publication;
import io.wrenmq.broker.api.SubscriberOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The MQTT end of a gateway inside the broker: an in-process session, by default {@code $gateway/<name>} (listed by
 * /clients like a bridge's {@code $bridge/<name>}), not persistent; publishes go through
 * {@link WrenBroker#publish} under that name, and No Local keeps what the gateway published from coming back to it
 * when {@code forward} matches {@code sub_topic}. No socket, no credentials: the broker trusts its own gateway as it
 * trusts its bridges (the ACL is not asked).
 */
public final class InProcessMqttSide implements MqttSide {
    private final WrenBroker broker;
    private final String sessionName;
    private volatile InProcessSubscriber subscriber;

    /** @param sessionName the session's name: {@code $gateway/<name>}, or an NNG gateway's clientid */
    public InProcessMqttSide(WrenBroker broker, String sessionName) {
        this.broker = broker;
        this.sessionName = sessionName;
    }

    @Override
    public CompletableFuture<Void> start(Map<String, Integer> filters, Listener listener) {
        // Messages reach the listener on the session's event loop; the listener only hands them on without blocking.
        SubscriberOptions options = SubscriberOptions.named(sessionName).noLocal(true);
        return broker.subscribe(options, m -> {
            listener.onMessage(m.topic(), m.payload());
            m.ack();
        }).thenCompose(s -> {
            subscriber = s;
            CompletableFuture<?>[] subscribed = filters.entrySet().stream()
                    .map(f -> s.subscribe(f.getKey(), f.getValue())).toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(subscribed);
        });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        try {
            return broker.publish(Publication.of(topic, payload).qos(qos).publisher(sessionName, null))
                    .thenApply(n -> null);
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
