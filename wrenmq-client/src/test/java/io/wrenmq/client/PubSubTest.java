package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.UserProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Publish and subscribe against the real WrenMQ broker at every QoS, MQTT 3.1.1 and 5. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PubSubTest {
    private WrenBroker broker;

    @BeforeEach
    void start() {
        broker = Brokers.start(Brokers.config());
    }

    @AfterEach
    void stop() {
        broker.stop();
    }

    /** Both directions at each QoS: the publisher's future completes on the right ack, the message arrives once. */
    @ParameterizedTest(name = "{0} publish QoS {1}, subscribe QoS {2}")
    @CsvSource({"V3_1_1,0,0", "V3_1_1,1,1", "V3_1_1,2,2", "V3_1_1,2,1", "V5,0,0", "V5,1,1", "V5,2,2", "V5,1,2"})
    void publishAndReceive(MqttVersion version, int pubQos, int subQos) throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (MqttClient sub = Brokers.client(broker.port(), version, "sub").build();
                MqttClient pub = Brokers.client(broker.port(), version, "pub").build()) {
            sub.onMessage(inbox);
            sub.connect().join();
            assertThat(sub.subscribe("t/+", subQos).join()).containsExactly(ReasonCode.grantedQos(subQos));
            pub.connect().join();
            List<CompletableFuture<PublishResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pub.publish("t/" + i, "m" + i, pubQos, false));
            }
            for (CompletableFuture<PublishResult> r : results) {
                PublishResult result = r.join();
                assertThat(result.qos()).isEqualTo(pubQos);
                assertThat(result.isSuccess()).isTrue();
            }
            for (int i = 0; i < 20; i++) {
                ReceivedMessage m = inbox.take();
                assertThat(m.topic()).isEqualTo("t/" + i); // in order per topic and publisher [MQTT-4.6.0-5]
                assertThat(m.payloadAsString()).isEqualTo("m" + i);
                assertThat(m.qos()).isEqualTo(Math.min(pubQos, subQos));
                assertThat(m.dup()).isFalse();
            }
            inbox.expectNothing(100);
        }
    }

    /** A pooled payload handed over as ByteBuf is released by the client (the leak detector watches). */
    @Test
    void byteBufPayloadIsReleasedAfterTheAck() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "bb").build()) {
            client.onMessage(inbox);
            client.connect().join();
            client.subscribe("big/#", 2).join();
            byte[] big = new byte[20_000]; // above the encoder's copy threshold: sent as a retained duplicate
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            for (int qos = 0; qos <= 2; qos++) {
                ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(big);
                client.publish("big/" + qos, payload, qos, false, null).join();
                assertThat(payload.refCnt()).isZero();
                assertThat(inbox.take().payload()).isEqualTo(big);
            }
        }
    }

    @Test
    void v5UserPropertiesAndSubscriptionIdentifiersPassThrough() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "props").build()) {
            client.onMessage(inbox);
            client.connect().join();
            client.subscribe(List.of(new Subscription("p/#", 1)), 42, Properties.builder()
                    .addUserProperty("sub-key", "sub-value").build()).join();
            Properties props = Properties.builder().addUserProperty("k", "v1").addUserProperty("k", "v2")
                    .putString(PropertyId.CONTENT_TYPE, "text/plain").build();
            client.publish("p/1", "hello".getBytes(StandardCharsets.UTF_8), 1, false, props).join();
            ReceivedMessage m = inbox.take();
            // Order and duplicates of User Properties are kept [MQTT-3.3.2-18].
            assertThat(m.properties().userProperties()).containsExactly(new UserProperty("k", "v1"),
                    new UserProperty("k", "v2"));
            assertThat(m.properties().getString(PropertyId.CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(m.subscriptionIds()).containsExactly(42);
        }
    }

    @ParameterizedTest
    @CsvSource({"V3_1_1", "V5"})
    void retainedMessageAndUnsubscribe(MqttVersion version) throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (MqttClient client = Brokers.client(broker.port(), version, "ret").build()) {
            client.onMessage(inbox);
            client.connect().join();
            client.publish("r/1", "kept", 1, true).join();
            client.subscribe("r/#", 1).join();
            ReceivedMessage m = inbox.take();
            assertThat(m.retain()).isTrue();
            assertThat(m.payloadAsString()).isEqualTo("kept");
            assertThat(client.unsubscribe("r/#").join()).containsExactly(ReasonCode.SUCCESS);
            client.publish("r/1", "after", 1, false).join();
            // The QoS 1 round trip above returned after the broker routed "after"; a marker on another
            // subscription proves delivery order without sleeping.
            client.subscribe("marker", 0).join();
            client.publish("marker", "m", 1, false).join();
            assertThat(inbox.take().topic()).isEqualTo("marker");
        }
    }

    @Test
    void invalidArgumentsFailFast() {
        try (MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "args").build()) {
            assertThatThrownBy(() -> client.publish("a/+", "x", 0, false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MQTT-3.3.2-2");
            assertThatThrownBy(() -> client.publish("a", "x", 3, false)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.subscribe("", 0)).isInstanceOf(IllegalArgumentException.class);
            // The codec's topic rules, the same the broker applies (TopicSyntax).
            assertThatThrownBy(() -> client.publish("a/\u0000", "x", 0, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MQTT-4.7.3-2");
            assertThatThrownBy(() -> client.subscribe("a/#/b", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MQTT-4.7.1-1");
            assertThatThrownBy(() -> client.subscribe("$share/g", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MQTT-4.8.2-2");
            assertThatThrownBy(() -> client.unsubscribe("a+")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MQTT-4.7.1-2");
            // Not connected yet: refused in words, not queued forever.
            assertThatThrownBy(() -> client.publish("a", "x", 1, false).join()).cause()
                    .hasMessage("Not connected: call connect() first");
        }
    }

    /** Requests made right after connect() wait for the CONNACK instead of failing. */
    @Test
    void requestsMadeWhileConnectingAreSentAfterConnack() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "early").build()) {
            client.onMessage(inbox);
            CompletableFuture<ConnectResult> connected = client.connect();
            CompletableFuture<List<ReasonCode>> subscribed = client.subscribe("e/#", 1);
            CompletableFuture<PublishResult> published = client.publish("e/1", "early", 1, false);
            connected.join();
            assertThat(subscribed.join()).containsExactly(ReasonCode.GRANTED_QOS_1);
            assertThat(published.join().isSuccess()).isTrue();
            assertThat(inbox.take().payloadAsString()).isEqualTo("early");
        }
    }
}
