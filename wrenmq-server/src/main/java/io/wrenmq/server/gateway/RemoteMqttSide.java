package io.wrenmq.server.gateway;

import io.wrenmq.client.MqttClient;
import io.wrenmq.codec.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The MQTT end of a standalone gateway ({@code wrenmq gateway ... --conf}), as NanoMQ's nanomq_cli gateways have it:
 * a client connection to {@code gateway.mqtt.address} with the block's version, keep alive, clean start and
 * credentials. It reconnects by itself (1 s doubling to 30 s) and the client restores the subscription; while the
 * link is down, publishes fail at once and the gateway counts them as dropped (QoS 0 has no one to keep them).
 */
public final class RemoteMqttSide implements MqttSide {
    private final GatewayMqttConfig config;
    private final MqttClient client;

    public RemoteMqttSide(GatewayMqttConfig config) {
        this.config = config;
        var b = MqttClient.builder().host(config.host()).port(config.port()).clientId(config.clientId())
                .version(config.version()).keepAlive(config.keepalive()).cleanStart(config.cleanStart())
                .autoReconnect(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .maxQueuedPublishes(Math.max(64, config.parallel() * 2));
        if (!config.username().isEmpty()) {
            b.username(config.username());
        }
        if (!config.password().isEmpty()) {
            b.password(config.password());
        }
        this.client = b.build();
    }

    @Override
    public CompletableFuture<Void> start(Map<String, Integer> filters, Listener listener) {
        client.onMessage(m -> listener.onMessage(m.topic(), m.payload())); // the client acknowledges after it returns
        List<Subscription> subscriptions = filters.entrySet().stream()
                .map(f -> new Subscription(f.getKey(), f.getValue())).toList();
        return client.connect().thenCompose(connected -> subscriptions.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : client.subscribe(subscriptions).thenApply(codes -> (Void) null));
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        if (!client.isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + describe()));
        }
        return client.publish(topic, payload, qos, false).thenApply(r -> null);
    }

    @Override
    public boolean isUp() {
        return client.isConnected();
    }

    @Override
    public String describe() {
        return "mqtt-tcp://" + config.address();
    }

    @Override
    public void close() {
        client.close();
    }
}
