package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.broker.limits.ListenerLimits;
import io.wrenmq.broker.limits.Rate;
import io.wrenmq.broker.metrics.LimitsMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-client publish rate limit: a publisher over messages_rate / bytes_rate is slowed down (its socket is not
 * read until the token bucket refills), never disconnected, and nothing it sent is lost.
 */
@Timeout(60)
class PublishRateTest {

    /** Arrival times (ms) and payloads at a subscriber. */
    private record Arrivals(List<Long> times, List<String> payloads) {
        static Arrivals empty() {
            return new Arrivals(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()));
        }

        long spanMillis() {
            return times.get(times.size() - 1) - times.get(0);
        }
    }

    private static Arrivals subscribe(TestBroker b, String id, String filter) {
        Arrivals a = Arrivals.empty();
        Mqtt5AsyncClient sub = Mqtt5Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildAsync();
        sub.connect().join();
        sub.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
            a.times().add(System.currentTimeMillis());
            a.payloads().add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
        }).send().join();
        return a;
    }

    /** 50 msg/s with a burst of 10: 150 messages need at least (150 - 10) / 50 = 2.8 s; we check >= 2 s. */
    @Test
    void messagesRateSlowsThePublisherDownAndLosesNothing() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().messagesRate(new Rate(50, 10)))) {
            Arrivals arrivals = subscribe(b, "mr-sub", "mr/#");
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("mr-pub").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            pub.connect();
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                acks.add(pub.toAsync().publishWith().topic("mr/t").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send());
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.payloads().size() >= 150);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                expected.add("m" + i);
            }
            assertThat(arrivals.payloads()).containsExactlyElementsOf(expected);
            assertThat(arrivals.spanMillis()).isGreaterThanOrEqualTo(2000);
            assertThat(pub.getState().isConnected()).as("the publisher is throttled, not disconnected").isTrue();
            LimitsMetrics m = b.broker().metrics().limits;
            assertThat(m.publishThrottled.sum()).isPositive();
            assertThat(m.publishThrottledNanos.sum()).isGreaterThan(TimeUnit.SECONDS.toNanos(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> m.clientsThrottled.get() == 0);
            pub.disconnect();
        }
    }

    /**
     * A listener's own bytes_rate (10 KB/s, burst 2 KB) applies with no broker-wide limit: 30 payloads of 1 KB need at
     * least (30 - 2) / 10 = 2.8 s; we check >= 2 s. Paho v5 as publisher.
     */
    @Test
    void listenerBytesRateSlowsThePublisherDown() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().listener("tcp:default",
                new ListenerLimits(null, null, new Rate(10 * 1024, 2 * 1024))))) {
            Arrivals arrivals = subscribe(b, "br-sub", "br/#");
            MqttClient paho = new MqttClient(b.uri(), "br-pub", new MemoryPersistence());
            paho.connect();
            byte[] payload = new byte[1024];
            for (int i = 0; i < 30; i++) {
                payload[0] = (byte) ('a' + i % 26);
                MqttMessage msg = new MqttMessage(payload.clone());
                msg.setQos(0); // QoS 0 is not dropped either: it waits in the socket while the broker does not read
                paho.publish("br/t", msg);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> arrivals.payloads().size() >= 30);
            assertThat(arrivals.payloads()).hasSize(30);
            assertThat(arrivals.spanMillis()).isGreaterThanOrEqualTo(2000);
            assertThat(paho.isConnected()).isTrue();
            assertThat(b.broker().metrics().limits.publishThrottled.sum()).isPositive();
            paho.disconnect();
            paho.close();
        }
    }

    /** Without a configured limit no connection gets an InboundLimits: the fast path is one null check. */
    @Test
    void unlimitedPublisherIsNotThrottled() throws Exception {
        try (TestBroker b = TestBroker.start(c -> { })) {
            Arrivals arrivals = subscribe(b, "nl-sub", "nl/#");
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("nl-pub").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            pub.connect();
            for (int i = 0; i < 150; i++) {
                pub.publishWith().topic("nl/t").qos(MqttQos.AT_MOST_ONCE).payload(new byte[] {1}).send();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.payloads().size() >= 150);
            assertThat(b.broker().metrics().limits.publishThrottled.sum()).isZero();
            pub.disconnect();
        }
    }
}
