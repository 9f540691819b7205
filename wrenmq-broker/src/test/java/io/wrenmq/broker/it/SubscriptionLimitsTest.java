package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.DISCONNECT;
import static io.wrenmq.broker.it.RawMqttClient.PUBACK;
import static io.wrenmq.broker.it.RawMqttClient.SUBACK;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.Packet;
import io.wrenmq.broker.metrics.LimitsMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** mqtt.max_subscriptions and mqtt.max_topic_levels, on the wire and with the HiveMQ client. */
@Timeout(30)
class SubscriptionLimitsTest {

    private static byte[] subscribeMany(boolean v5, int packetId, String... filters) {
        Packet p = new Packet(0x82).u16(packetId);
        if (v5) {
            p.u8(0);
        }
        for (String f : filters) {
            p.str(f).u8(1);
        }
        return p.build();
    }

    @Test
    void maxSubscriptionsGivesQuotaExceededInV5AndResubscribingDoesNotCount() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().maxSubscriptions(2))) {
            Mqtt5BlockingClient hive = Mqtt5Client.builder().identifier("ms5").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            hive.connect();
            hive.subscribeWith().topicFilter("ms/a").qos(MqttQos.AT_LEAST_ONCE).send();
            hive.subscribeWith().topicFilter("ms/b/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5SubAck again = hive.subscribeWith().topicFilter("ms/a").qos(MqttQos.EXACTLY_ONCE).send();
            assertThat(again.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2);
            hive.disconnect();

            try (RawMqttClient raw = RawMqttClient.connected(b.port(), connect(V5).clientId("ms5raw").build())) {
                raw.send(subscribeMany(true, 1, "x/1", "x/2", "x/3", "x/1"));
                Frame f = raw.expect(SUBACK);
                // the third new filter is over the quota; re-subscribing x/1 in the same packet is fine
                assertThat(f.subackCodes(true)).containsExactly(1, 1, 0x97, 1);
                raw.send(RawMqttClient.publishV5("x/3", 1, 7, "not subscribed"));
                raw.expect(PUBACK); // the refused subscription does not exist: no PUBLISH comes back
                raw.expectSilence(java.time.Duration.ofMillis(300));
                raw.send(new Packet(0xA2).u16(2).u8(0).str("x/1").build()); // UNSUBSCRIBE x/1 frees a place
                raw.expect(RawMqttClient.UNSUBACK);
                raw.send(subscribeMany(true, 3, "x/3"));
                assertThat(raw.expect(SUBACK).subackCodes(true)).containsExactly(1);
            }
            LimitsMetrics m = b.broker().metrics().limits;
            assertThat(m.subscriptionsRefusedQuota.sum()).isEqualTo(1);
        }
    }

    @Test
    void maxSubscriptionsGives0x80InV311() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().maxSubscriptions(1));
                RawMqttClient raw = RawMqttClient.connected(b.port(), connect(V311).clientId("ms3").build())) {
            raw.send(subscribeMany(false, 1, "y/1", "y/2"));
            assertThat(raw.expect(SUBACK).subackCodes(false)).containsExactly(1, 0x80);
        }
    }

    @Test
    void subscribingDeeperThanMaxTopicLevelsGivesTopicFilterInvalid() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().maxTopicLevels(3));
                RawMqttClient v5 = RawMqttClient.connected(b.port(), connect(V5).clientId("tl5").build());
                RawMqttClient v3 = RawMqttClient.connected(b.port(), connect(V311).clientId("tl3").build())) {
            // a shared subscription counts the levels of its filter, not of the $share/<group>/ prefix
            v5.send(subscribeMany(true, 1, "a/b/c", "a/b/c/d", "a/+/#", "a/b/+/#", "$share/g/a/b/c"));
            assertThat(v5.expect(SUBACK).subackCodes(true)).containsExactly(1, 0x8F, 1, 0x8F, 1);
            v3.send(subscribeMany(false, 1, "a/b/c/d"));
            assertThat(v3.expect(SUBACK).subackCodes(false)).containsExactly(0x80);
            assertThat(b.broker().metrics().limits.subscriptionsRefusedTopicLevels.sum()).isEqualTo(3);
        }
    }

    /** As EMQX does: a PUBLISH to a too-deep topic ends the connection, v5 with DISCONNECT 0x90 Topic Name invalid. */
    @Test
    void publishingDeeperThanMaxTopicLevelsDisconnects() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().maxTopicLevels(3));
                RawMqttClient v5 = RawMqttClient.connected(b.port(), connect(V5).clientId("tp5").build());
                RawMqttClient v3 = RawMqttClient.connected(b.port(), connect(V311).clientId("tp3").build())) {
            v5.send(RawMqttClient.publishV5("a/b/c", 1, 1, "ok"));
            v5.expect(PUBACK);
            v5.send(RawMqttClient.publishV5("a/b/c/d", 1, 2, "too deep"));
            List<Frame> before = v5.expectClosed();
            assertThat(before).hasSize(1);
            assertThat(before.get(0).type()).isEqualTo(DISCONNECT);
            assertThat(before.get(0).disconnectReason()).isEqualTo(0x90);
            v3.send(RawMqttClient.publishV3("a/b/c/d", 0, 0, "too deep"));
            assertThat(v3.expectClosed()).isEmpty();
            assertThat(b.broker().metrics().limits.publishesRefusedTopicLevels.sum()).isEqualTo(2);
        }
    }
}
