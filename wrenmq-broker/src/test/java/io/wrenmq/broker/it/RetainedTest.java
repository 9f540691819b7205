package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.WireClient.MESSAGE_EXPIRY;
import static io.wrenmq.broker.it.WireClient.PUBACK;
import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.wrenmq.broker.it.RoutingTest.Hive;
import io.wrenmq.broker.it.WireClient.Packet;
import io.wrenmq.broker.it.WireClient.Props;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retained messages: store, replace, clear, delivery on subscribe, Retain Handling, expiry. */
@Timeout(30)
class RetainedTest {
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> { });
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static void retain(Hive pub, String topic, int qos, String payload) {
        pub.client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(true)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    /**
     * A retained PUBLISH is stored and sent, with RETAIN=1, to a later subscriber [MQTT-3.3.1-5,
     * MQTT-3.3.1-8]; a new one replaces it [MQTT-3.3.1-5]; an empty retained payload is delivered as a
     * normal message and removes the retained one [MQTT-3.3.1-6], and is not stored itself [MQTT-3.3.1-7].
     */
    @Test
    void setReplaceAndClear() throws Exception {
        try (Hive pub = new Hive(broker, "rt-pub"); Hive live = new Hive(broker, "rt-live")) {
            live.sub("rt/a", 1);
            retain(pub, "rt/a", 1, "v1");
            assertThat(text(live.take())).isEqualTo("v1");
            try (Hive late = new Hive(broker, "rt-late1")) {
                late.sub("rt/a", 1);
                Mqtt5Publish p = late.take();
                assertThat(text(p)).isEqualTo("v1");
                assertThat(p.isRetain()).isTrue();
                assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            }
            retain(pub, "rt/a", 0, "v2");
            assertThat(text(live.take())).isEqualTo("v2");
            try (Hive late = new Hive(broker, "rt-late2")) {
                late.sub("rt/a", 1);
                Mqtt5Publish p = late.take();
                assertThat(text(p)).isEqualTo("v2");
                assertThat(p.getQos()).as("the QoS it was published with").isEqualTo(MqttQos.AT_MOST_ONCE);
                late.expectNothing(200);
            }
            retain(pub, "rt/a", 1, "");
            Mqtt5Publish cleared = live.take();
            assertThat(cleared.getPayloadAsBytes()).isEmpty(); // delivered as normal
            try (Hive late = new Hive(broker, "rt-late3")) {
                late.sub("rt/a", 1);
                late.expectNothing(300);
            }
        }
    }

    /**
     * A wildcard subscription gets every matching retained message with RETAIN=1 [MQTT-3.3.1-8], at the
     * lower of the stored and the granted QoS (section 3.8.4), also for a v3.1.1 subscriber.
     */
    @Test
    void wildcardSubscriptionGetsAllMatchingRetainedMessages() throws Exception {
        try (Hive pub = new Hive(broker, "rw-pub")) {
            retain(pub, "rw/a", 2, "a");
            retain(pub, "rw/b/c", 1, "c");
            retain(pub, "other/x", 1, "x");
            try (Hive sub = new Hive(broker, "rw-sub")) {
                sub.sub("rw/#", 1);
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Mqtt5Publish p = sub.take();
                    assertThat(p.isRetain()).isTrue();
                    assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                    got.add(p.getTopic() + "=" + text(p));
                }
                assertThat(got).containsExactlyInAnyOrder("rw/a=a", "rw/b/c=c");
                sub.expectNothing(200);
            }
            try (WireClient v3 = WireClient.connectV311(broker, "rw-v3")) {
                v3.subscribeAndWait(1, "rw/a", 2, null);
                Packet p = v3.expect(PUBLISH);
                assertThat(p.retain()).isTrue();
                assertThat(p.qos()).isEqualTo(2);
                assertThat(p.payloadString()).isEqualTo("a");
            }
            for (String t : List.of("rw/a", "rw/b/c", "other/x")) {
                retain(pub, t, 0, "");
            }
        }
    }

    /**
     * Retain Handling: 0 sends retained messages at every SUBSCRIBE [MQTT-3.3.1-9]; 1 only when the
     * subscription did not exist [MQTT-3.3.1-10]; 2 never [MQTT-3.3.1-11].
     */
    @Test
    void retainHandlingZeroOneTwo() throws Exception {
        try (Hive pub = new Hive(broker, "rh-pub"); Hive sub = new Hive(broker, "rh-sub")) {
            retain(pub, "rh/t", 1, "kept");
            for (int round = 0; round < 2; round++) {
                sub.client.subscribeWith().topicFilter("rh/t").qos(MqttQos.AT_LEAST_ONCE)
                        .retainHandling(Mqtt5RetainHandling.SEND).send();
                assertThat(text(sub.take())).as("RH 0, subscribe #%d", round + 1).isEqualTo("kept");
            }
            sub.client.unsubscribeWith().topicFilter("rh/t").send();
            sub.client.subscribeWith().topicFilter("rh/t").qos(MqttQos.AT_LEAST_ONCE)
                    .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
            assertThat(text(sub.take())).as("RH 1, new subscription").isEqualTo("kept");
            sub.client.subscribeWith().topicFilter("rh/t").qos(MqttQos.AT_LEAST_ONCE)
                    .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
            sub.expectNothing(300); // RH 1, existing subscription
            sub.client.subscribeWith().topicFilter("rh/other/#").qos(MqttQos.AT_LEAST_ONCE)
                    .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
            sub.client.subscribeWith().topicFilter("rh/+").qos(MqttQos.AT_LEAST_ONCE)
                    .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
            sub.expectNothing(300); // RH 2, new subscription
            retain(pub, "rh/t", 1, "");
        }
    }

    /**
     * A retained message with a Message Expiry Interval carries the interval still left when it is
     * delivered [MQTT-3.3.2-6] and is no longer delivered once it has expired [MQTT-3.3.2-5].
     */
    @Test
    void retainedMessageExpires() throws Exception {
        try (WireClient pub = WireClient.connect(broker, "rx-pub"); WireClient sub = WireClient.connect(broker, "rx-sub")) {
            long start = System.nanoTime();
            pub.publish("rx/t", 1, 1, false, true, new Props().put(MESSAGE_EXPIRY, 2L),
                    "short lived".getBytes(StandardCharsets.UTF_8));
            pub.expect(PUBACK);
            sub.subscribeAndWait(1, "rx/t", 0, new Props());
            Packet first = sub.expect(PUBLISH);
            assertThat(first.retain()).isTrue();
            assertThat(first.props().all(MESSAGE_EXPIRY)).containsExactly(2L); // once, not twice
            // subscribe again (Retain Handling 0) until the interval left has shrunk, then until it is gone
            int[] id = {2};
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                sub.subscribeAndWait(id[0]++, "rx/t", 0, new Props());
                Packet p = sub.expect(PUBLISH);
                assertThat(p.props().num(MESSAGE_EXPIRY)).isEqualTo(1L);
            });
            assertThat(System.nanoTime() - start).as("not shrunk too early").isGreaterThan(900_000_000L);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                sub.subscribeAndWait(id[0]++, "rx/t", 0, new Props());
                sub.expectNothing(100);
            });
            assertThat(System.nanoTime() - start).as("not expired too early").isGreaterThan(1_900_000_000L);
        }
    }
}
