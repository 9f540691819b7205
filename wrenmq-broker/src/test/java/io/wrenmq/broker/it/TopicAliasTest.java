package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.WireClient.MAXIMUM_PACKET_SIZE;
import static io.wrenmq.broker.it.WireClient.PUBACK;
import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static io.wrenmq.broker.it.WireClient.TOPIC_ALIAS;
import static io.wrenmq.broker.it.WireClient.TOPIC_ALIAS_MAXIMUM;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.it.RoutingTest.Hive;
import io.wrenmq.broker.it.WireClient.Packet;
import io.wrenmq.broker.it.WireClient.Props;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic aliases from the client to the broker and from the broker to the client, checked on the wire. */
@Timeout(30)
class TopicAliasTest {
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> c.topicAliasMaximum(5));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Inbound aliases: the broker advertises its Topic Alias Maximum in CONNACK, accepts every alias
     * 1..maximum [MQTT-3.3.2-12], resolves an empty topic through the alias, lets the client re-map an
     * alias, and does not forward the alias to subscribers (it belongs to one connection [MQTT-3.3.2-7]).
     */
    @Test
    void inboundAliasIsResolvedAndNotForwarded() throws Exception {
        try (WireClient sub = WireClient.connect(broker, "tai-sub"); WireClient pub = WireClient.open(broker, 5)) {
            Packet connack = pub.sendConnect("tai-pub", true, new Props());
            assertThat(connack.props().num(TOPIC_ALIAS_MAXIMUM)).isEqualTo(5);
            sub.subscribeAndWait(1, "tai/#", 1, new Props());
            pub.publish("tai/x", 1, 1, false, false, new Props().put(TOPIC_ALIAS, 1L), bytes("set"));
            pub.publish("", 1, 2, false, false, new Props().put(TOPIC_ALIAS, 1L), bytes("use"));
            pub.publish("tai/y", 1, 3, false, false, new Props().put(TOPIC_ALIAS, 1L), bytes("remap"));
            pub.publish("", 1, 4, false, false, new Props().put(TOPIC_ALIAS, 1L), bytes("use2"));
            pub.publish("tai/z", 1, 5, false, false, new Props().put(TOPIC_ALIAS, 5L), bytes("max"));
            pub.publish("", 1, 6, false, false, new Props().put(TOPIC_ALIAS, 5L), bytes("use-max"));
            for (int i = 0; i < 6; i++) {
                assertThat(pub.expect(PUBACK).reasonCode()).isZero();
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Packet p = sub.expect(PUBLISH);
                assertThat(p.props().has(TOPIC_ALIAS)).as("alias not forwarded").isFalse();
                got.add(p.topic() + "=" + p.payloadString());
                sub.ack(PUBACK, p.packetId());
            }
            assertThat(got).containsExactly("tai/x=set", "tai/x=use", "tai/y=remap", "tai/y=use2", "tai/z=max",
                    "tai/z=use-max");
        }
    }

    /** HiveMQ sends topic aliases itself when the broker allows them: the messages arrive intact. */
    @Test
    void hivemqClientAliasesWork() throws Exception {
        try (Hive sub = new Hive(broker, "tah-sub")) {
            sub.sub("tah/#", 1);
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("tah-pub").serverHost(broker.host())
                    .serverPort(broker.port()).buildBlocking();
            pub.connectWith().restrictions().sendTopicAliasMaximum(5).applyRestrictions().send();
            try {
                for (int i = 0; i < 5; i++) {
                    pub.publishWith().topic("tah/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
                }
            } finally {
                pub.disconnect();
            }
            for (int i = 0; i < 5; i++) {
                Mqtt5Publish p = sub.take();
                assertThat(p.getTopic().toString()).isEqualTo("tah/t");
                assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
            }
        }
    }

    /** An alias above the broker's Topic Alias Maximum: DISCONNECT 0x94 Topic Alias invalid [MQTT-3.3.2-9]. */
    @Test
    void aliasAboveMaximumIsRefused() throws Exception {
        try (WireClient pub = WireClient.connect(broker, "tam-pub")) {
            pub.publish("tam/x", 1, 1, false, false, new Props().put(TOPIC_ALIAS, 6L), bytes("too high"));
            assertThat(pub.expectDisconnect().reasonCode()).isEqualTo(0x94);
        }
    }

    /** Alias 0 is not allowed [MQTT-3.3.2-8]: DISCONNECT 0x94. */
    @Test
    void aliasZeroIsRefused() throws Exception {
        try (WireClient pub = WireClient.connect(broker, "ta0-pub")) {
            pub.publish("ta0/x", 0, 0, false, false, new Props().put(TOPIC_ALIAS, 0L), bytes("zero"));
            assertThat(pub.expectDisconnect().reasonCode()).isEqualTo(0x94);
        }
    }

    /**
     * Aliases do not carry over to a new connection [MQTT-3.3.2-7]: an empty topic with an alias set on
     * the previous connection is a Protocol Error (0x82).
     */
    @Test
    void aliasesDoNotSurviveTheConnection() throws Exception {
        try (WireClient pub = WireClient.connect(broker, "tac-pub")) {
            pub.publish("tac/x", 1, 1, false, false, new Props().put(TOPIC_ALIAS, 2L), bytes("set"));
            pub.expect(PUBACK);
            pub.disconnect();
            pub.expectClosed();
        }
        try (WireClient pub = WireClient.connect(broker, "tac-pub")) {
            pub.publish("", 1, 1, false, false, new Props().put(TOPIC_ALIAS, 2L), bytes("use"));
            assertThat(pub.expectDisconnect().reasonCode()).isEqualTo(0x82);
        }
    }

    /** With Topic Alias Maximum 0 the broker sends none in CONNACK and refuses every alias (0x94). */
    @Test
    void noAliasesWhenMaximumIsZero() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.topicAliasMaximum(0)); WireClient pub = WireClient.open(b, 5)) {
            Packet connack = pub.sendConnect("ta-none", true, new Props());
            assertThat(connack.props().has(TOPIC_ALIAS_MAXIMUM)).isFalse();
            pub.publish("x", 0, 0, false, false, new Props().put(TOPIC_ALIAS, 1L), bytes("no"));
            assertThat(pub.expectDisconnect().reasonCode()).isEqualTo(0x94);
        }
    }

    /**
     * Outbound aliases: a subscriber with Topic Alias Maximum 2 gets the topic and an alias the first
     * time, then an empty topic with the alias; never an alias above its maximum [MQTT-3.3.2-11]; when
     * its aliases are used up, further topics go out in full. A subscriber without aliases gets none.
     */
    @Test
    void outboundAliasesForRepeatedTopics() throws Exception {
        try (WireClient sub = WireClient.connect(broker, "tao-sub", new Props().put(TOPIC_ALIAS_MAXIMUM, 2));
                WireClient plain = WireClient.connect(broker, "tao-plain"); Hive pub = new Hive(broker, "tao-pub")) {
            sub.subscribeAndWait(1, "tao/#", 0, new Props());
            plain.subscribeAndWait(1, "tao/#", 0, new Props());
            String[] topics = {"tao/a", "tao/a", "tao/b", "tao/b", "tao/c", "tao/c", "tao/a"};
            for (String t : topics) {
                pub.pub(t, 1, t);
            }
            java.util.Map<Long, String> aliases = new java.util.HashMap<>();
            List<String> resolved = new ArrayList<>();
            List<String> wire = new ArrayList<>();
            for (int i = 0; i < topics.length; i++) {
                Packet p = sub.expect(PUBLISH);
                String topic = p.topic();
                Props props = p.props();
                if (props.has(TOPIC_ALIAS)) {
                    long alias = props.num(TOPIC_ALIAS);
                    assertThat(alias).isBetween(1L, 2L);
                    if (topic.isEmpty()) {
                        topic = aliases.get(alias);
                        assertThat(topic).as("alias %d used before it was set", alias).isNotNull();
                    } else {
                        aliases.put(alias, topic);
                    }
                    wire.add((p.topic().isEmpty() ? "" : p.topic()) + "#" + alias);
                } else {
                    assertThat(topic).isNotEmpty();
                    wire.add(topic);
                }
                resolved.add(topic);
                assertThat(p.payloadString()).isEqualTo(topic);
            }
            assertThat(resolved).containsExactly(topics);
            assertThat(wire).containsExactly("tao/a#1", "#1", "tao/b#2", "#2", "tao/c", "tao/c", "#1");
            for (int i = 0; i < topics.length; i++) {
                Packet p = plain.expect(PUBLISH);
                assertThat(p.props().has(TOPIC_ALIAS)).isFalse();
                assertThat(p.topic()).isEqualTo(topics[i]);
            }
        }
    }

    /**
     * A message the broker had to drop for a subscriber (above its Maximum Packet Size [MQTT-3.1.2-25])
     * must not leave an outbound alias behind that the subscriber never learned: the next message on
     * that topic carries the topic name, not an unknown alias [MQTT-3.3.2-11, section 3.3.2.3.4].
     */
    @Test
    void droppedMessageDoesNotConsumeAnOutboundAlias() throws Exception {
        try (WireClient sub = WireClient.connect(broker, "tad-sub",
                new Props().put(TOPIC_ALIAS_MAXIMUM, 5).put(MAXIMUM_PACKET_SIZE, 100));
                WireClient pub = WireClient.connect(broker, "tad-pub")) {
            sub.subscribeAndWait(1, "tad/#", 0, new Props());
            pub.publish("tad/t", 0, 0, false, false, new Props(), new byte[500]); // dropped for sub
            pub.publish("tad/t", 0, 0, false, false, new Props(), bytes("small"));
            Packet p = sub.expect(PUBLISH);
            assertThat(p.payloadString()).isEqualTo("small");
            assertThat(p.topic()).as("topic name of the first PUBLISH the subscriber sees").isEqualTo("tad/t");
        }
    }

    /** A HiveMQ subscriber that accepts aliases (Topic Alias Maximum 10) receives intact topics. */
    @Test
    void hivemqSubscriberWithAliasesReceivesIntactTopics() throws Exception {
        Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("tah-sub2").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        BlockingQueue<Mqtt5Publish> got = new LinkedBlockingQueue<>();
        sub.toAsync().publishes(MqttGlobalPublishFilter.ALL, got::add);
        sub.connectWith().restrictions().topicAliasMaximum(10).applyRestrictions().send();
        try (Hive pub = new Hive(broker, "tah-pub2")) {
            sub.subscribeWith().topicFilter("tah2/#").qos(MqttQos.AT_LEAST_ONCE).send();
            for (int i = 0; i < 6; i++) {
                pub.pub("tah2/" + (i % 2), 1, "m" + i);
            }
            for (int i = 0; i < 6; i++) {
                Mqtt5Publish p = got.poll(5, TimeUnit.SECONDS);
                assertThat(p).isNotNull();
                assertThat(p.getTopic().toString()).isEqualTo("tah2/" + (i % 2));
            }
        } finally {
            sub.disconnect();
        }
    }
}
