package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.WireClient.CONTENT_TYPE;
import static io.wrenmq.broker.it.WireClient.CORRELATION_DATA;
import static io.wrenmq.broker.it.WireClient.MAXIMUM_PACKET_SIZE;
import static io.wrenmq.broker.it.WireClient.MAXIMUM_QOS;
import static io.wrenmq.broker.it.WireClient.PAYLOAD_FORMAT;
import static io.wrenmq.broker.it.WireClient.PUBACK;
import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static io.wrenmq.broker.it.WireClient.PUBREC;
import static io.wrenmq.broker.it.WireClient.REASON_STRING;
import static io.wrenmq.broker.it.WireClient.RECEIVE_MAXIMUM;
import static io.wrenmq.broker.it.WireClient.REQUEST_PROBLEM_INFO;
import static io.wrenmq.broker.it.WireClient.REQUEST_RESPONSE_INFO;
import static io.wrenmq.broker.it.WireClient.RESPONSE_INFO;
import static io.wrenmq.broker.it.WireClient.RESPONSE_TOPIC;
import static io.wrenmq.broker.it.WireClient.RETAIN_AVAILABLE;
import static io.wrenmq.broker.it.WireClient.SHARED_AVAILABLE;
import static io.wrenmq.broker.it.WireClient.SUBSCRIPTION_ID;
import static io.wrenmq.broker.it.WireClient.SUBSCRIPTION_ID_AVAILABLE;
import static io.wrenmq.broker.it.WireClient.TOPIC_ALIAS_MAXIMUM;
import static io.wrenmq.broker.it.WireClient.WILDCARD_AVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.it.RoutingTest.Hive;
import io.wrenmq.broker.it.WireClient.Packet;
import io.wrenmq.broker.it.WireClient.Props;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MQTT 5 properties: pass-through of PUBLISH properties, CONNACK capabilities, problem/response information. */
@Timeout(30)
class PropertiesTest {
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> { });
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /**
     * User Properties arrive unaltered and in order [MQTT-3.3.2-17, MQTT-3.3.2-18] (duplicate names
     * included), with Content Type [MQTT-3.3.2-20], Payload Format Indicator [MQTT-3.3.2-4], Response Topic
     * [MQTT-3.3.2-15] and Correlation Data [MQTT-3.3.2-16] - for HiveMQ, Paho v5 and on the wire.
     */
    @Test
    void publishPropertiesPassThroughInOrder() throws Exception {
        BlockingQueue<MqttMessage> pahoGot = new LinkedBlockingQueue<>();
        MqttClient paho = new MqttClient(broker.uri(), "pp-paho", new MemoryPersistence());
        paho.setCallback(new MqttCallback() {
            public void disconnected(MqttDisconnectResponse r) {
            }

            public void mqttErrorOccurred(MqttException e) {
            }

            public void messageArrived(String topic, MqttMessage m) {
                pahoGot.add(m);
            }

            public void deliveryComplete(IMqttToken t) {
            }

            public void connectComplete(boolean reconnect, String uri) {
            }

            public void authPacketArrived(int r, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        paho.connect(o);
        try (Hive hive = new Hive(broker, "pp-hive"); WireClient raw = WireClient.connect(broker, "pp-raw");
                Hive pub = new Hive(broker, "pp-pub")) {
            paho.subscribe("pp/t", 1);
            hive.sub("pp/t", 1);
            raw.subscribeAndWait(1, "pp/t", 1, new Props());
            byte[] correlation = {0, 1, 2, (byte) 0xFF};
            pub.client.publishWith().topic("pp/t").qos(MqttQos.AT_LEAST_ONCE)
                    .userProperties().add("b", "1").add("a", "2").add("b", "3").add("z", "").applyUserProperties()
                    .contentType("application/json").payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .responseTopic("pp/reply").correlationData(correlation)
                    .payload("{\"x\":1}".getBytes(StandardCharsets.UTF_8)).send();
            List<String> expectedUser = List.of("b=1", "a=2", "b=3", "z=");

            Mqtt5Publish h = hive.take();
            assertThat(h.getUserProperties().asList().stream().map(u -> u.getName() + "=" + u.getValue())
                    .collect(Collectors.toList())).isEqualTo(expectedUser);
            assertThat(h.getContentType().orElseThrow().toString()).isEqualTo("application/json");
            assertThat(h.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
            assertThat(h.getResponseTopic().orElseThrow().toString()).isEqualTo("pp/reply");
            ByteBuffer cd = h.getCorrelationData().orElseThrow();
            byte[] cdBytes = new byte[cd.remaining()];
            cd.get(cdBytes);
            assertThat(cdBytes).isEqualTo(correlation);

            MqttMessage m = pahoGot.poll(5, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            MqttProperties mp = m.getProperties();
            assertThat(mp.getUserProperties().stream().map(u -> u.getKey() + "=" + u.getValue())
                    .collect(Collectors.toList())).isEqualTo(expectedUser);
            assertThat(mp.getContentType()).isEqualTo("application/json");
            assertThat(mp.getPayloadFormat()).isTrue();
            assertThat(mp.getResponseTopic()).isEqualTo("pp/reply");
            assertThat(mp.getCorrelationData()).isEqualTo(correlation);

            Packet p = raw.expect(PUBLISH);
            Props rp = p.props();
            assertThat(rp.userProperties()).isEqualTo(expectedUser);
            assertThat(rp.get(CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(rp.num(PAYLOAD_FORMAT)).isEqualTo(1);
            assertThat(rp.get(RESPONSE_TOPIC)).isEqualTo("pp/reply");
            assertThat((byte[]) rp.get(CORRELATION_DATA)).isEqualTo(correlation);
            raw.ack(PUBACK, p.packetId());

            // Paho v5 as the publisher: its user properties arrive in order too
            MqttMessage out = new MqttMessage("from paho".getBytes(StandardCharsets.UTF_8));
            out.setQos(1);
            MqttProperties op = new MqttProperties();
            op.setUserProperties(List.of(new UserProperty("k2", "v2"), new UserProperty("k1", "v1")));
            op.setResponseTopic("pp/paho-reply");
            out.setProperties(op);
            paho.publish("pp/t", out);
            Mqtt5Publish h2 = hive.take();
            assertThat(h2.getUserProperties().asList().stream().map(u -> u.getName() + "=" + u.getValue())
                    .collect(Collectors.toList())).containsExactly("k2=v2", "k1=v1");
            assertThat(h2.getResponseTopic().orElseThrow().toString()).isEqualTo("pp/paho-reply");
        } finally {
            paho.disconnect();
            paho.close();
        }
    }

    /**
     * A live message keeps its Message Expiry Interval, sent once with the time still left [MQTT-3.3.2-6];
     * a queued message that expires before its subscriber returns is not delivered [MQTT-3.3.2-5].
     */
    @Test
    void messageExpiryIntervalIsForwardedAndHonoured() throws Exception {
        try (WireClient pub = WireClient.connect(broker, "me-pub"); WireClient sub = WireClient.connect(broker, "me-sub")) {
            sub.subscribeAndWait(1, "me/t", 1, new Props());
            pub.publish("me/t", 1, 1, false, false, new Props().put(WireClient.MESSAGE_EXPIRY, 100L),
                    "live".getBytes(StandardCharsets.UTF_8));
            Packet p = sub.expect(PUBLISH);
            assertThat(p.props().all(WireClient.MESSAGE_EXPIRY)).hasSize(1);
            assertThat(p.props().num(WireClient.MESSAGE_EXPIRY)).isBetween(99L, 100L);
            sub.ack(PUBACK, p.packetId());
        }
        try (WireClient sub = WireClient.open(broker, 5)) {
            sub.sendConnect("me-away", true, new Props().put(WireClient.SESSION_EXPIRY, 60L));
            sub.subscribeAndWait(1, "me/away", 1, new Props());
            sub.disconnect();
            sub.expectClosed();
        }
        long acked;
        try (WireClient pub = WireClient.connect(broker, "me-pub2")) {
            pub.publish("me/away", 1, 1, false, false, new Props().put(WireClient.MESSAGE_EXPIRY, 1L),
                    "short".getBytes(StandardCharsets.UTF_8));
            pub.publish("me/away", 1, 2, false, false, new Props().put(WireClient.MESSAGE_EXPIRY, 60L),
                    "long".getBytes(StandardCharsets.UTF_8));
            pub.expect(PUBACK); // the broker stamped the 1 s message before this PUBACK left
            acked = System.nanoTime();
            pub.expect(PUBACK);
        }
        // let the 1 s message expire while its subscriber is away (an absence needs the time to pass; < 1 s)
        Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - acked) / 1_000_000));
        try (WireClient sub = WireClient.open(broker, 5)) {
            Packet ack = sub.sendConnect("me-away", false, new Props().put(WireClient.SESSION_EXPIRY, 0L));
            assertThat(ack.sessionPresent()).isTrue();
            Packet p = sub.expect(PUBLISH);
            assertThat(p.payloadString()).isEqualTo("long");
            assertThat(p.props().num(WireClient.MESSAGE_EXPIRY)).isBetween(58L, 59L);
            sub.ack(PUBACK, p.packetId());
            sub.expectNothing(200);
        }
    }

    /**
     * Payload Format Indicator 1 with a payload that is not UTF-8: PUBACK 0x99 Payload format invalid for
     * QoS 1, PUBREC 0x99 for QoS 2 (section 3.3.2.3.2, [MQTT-3.3.2-4] lets the receiver check), and the
     * message is not delivered. A valid UTF-8 payload with the indicator passes.
     */
    @Test
    void invalidUtf8PayloadWithFormatIndicatorIsRefused() throws Exception {
        try (WireClient pub = WireClient.connect(broker, "pf-pub"); WireClient sub = WireClient.connect(broker, "pf-sub")) {
            sub.subscribeAndWait(1, "pf/t", 1, new Props());
            byte[] bad = {(byte) 0xC3, (byte) 0x28}; // an invalid 2-byte sequence
            pub.publish("pf/t", 1, 1, false, false, new Props().put(PAYLOAD_FORMAT, 1), bad);
            assertThat(pub.expect(PUBACK).reasonCode()).isEqualTo(0x99);
            pub.publish("pf/t", 2, 2, false, false, new Props().put(PAYLOAD_FORMAT, 1), bad);
            assertThat(pub.expect(PUBREC).reasonCode()).isEqualTo(0x99);
            pub.publish("pf/t", 1, 3, false, false, new Props().put(PAYLOAD_FORMAT, 1),
                    "gr\u00fc\u00df".getBytes(StandardCharsets.UTF_8));
            assertThat(pub.expect(PUBACK).reasonCode()).isZero();
            Packet p = sub.expect(PUBLISH);
            assertThat(p.payloadString()).isEqualTo("gr\u00fc\u00df");
            sub.ack(PUBACK, p.packetId());
            sub.expectNothing(200);
            // the same bytes without the indicator are just bytes
            pub.publish("pf/t", 1, 4, false, false, new Props(), bad);
            assertThat(pub.expect(PUBACK).reasonCode()).isZero();
            assertThat(sub.expect(PUBLISH).payload()).isEqualTo(bad);
        }
    }

    /**
     * Request Problem Information 0: the broker sends no Reason String on a DISCONNECT it sends
     * [MQTT-3.1.2-29]; with the default (1) it may explain itself.
     */
    @Test
    void requestProblemInformationZeroSuppressesReasonString() throws Exception {
        try (WireClient quiet = WireClient.connect(broker, "rpi-0", new Props().put(REQUEST_PROBLEM_INFO, 0))) {
            quiet.publish("$SYS/x", 1, 1, "no"); // PUBACK 0x87 without a Reason String
            Packet ack = quiet.expect(PUBACK);
            assertThat(ack.reasonCode()).isEqualTo(0x87);
            assertThat(ack.props().has(REASON_STRING)).isFalse();
            quiet.publish("bad/+", 0, 0, "wildcard in a topic name");
            Packet d = quiet.expectDisconnect();
            assertThat(d.reasonCode()).isEqualTo(0x90);
            assertThat(d.props().has(REASON_STRING)).isFalse();
        }
        try (WireClient talky = WireClient.connect(broker, "rpi-1")) {
            talky.publish("bad/+", 0, 0, "wildcard in a topic name");
            Packet d = talky.expectDisconnect();
            assertThat(d.reasonCode()).isEqualTo(0x90);
            assertThat(d.props().has(REASON_STRING)).isTrue();
        }
    }

    /**
     * Request Response Information 1 gets Response Information in CONNACK (section 3.2.2.3.15); 0 (the
     * default) gets none [MQTT-3.1.2-28].
     */
    @Test
    void requestResponseInformation() throws Exception {
        try (WireClient c = WireClient.open(broker, 5)) {
            Packet ack = c.sendConnect("rri-1", true, new Props().put(REQUEST_RESPONSE_INFO, 1));
            assertThat((String) ack.props().get(RESPONSE_INFO)).isNotEmpty();
        }
        try (WireClient c = WireClient.open(broker, 5)) {
            Packet ack = c.sendConnect("rri-0", true, new Props());
            assertThat(ack.props().has(RESPONSE_INFO)).isFalse();
        }
        Mqtt5BlockingClient h = Mqtt5Client.builder().identifier("rri-hive").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        Mqtt5ConnAck ack = h.connectWith().restrictions().requestResponseInformation(true).applyRestrictions().send();
        assertThat(ack.getResponseInformation()).isPresent();
        h.disconnect();
    }

    /**
     * CONNACK advertises the broker's capabilities: Retain Available, Wildcard / Subscription Identifier /
     * Shared Subscription Available, Topic Alias Maximum, Maximum Packet Size, Receive Maximum; Maximum QoS
     * is absent when QoS 2 is supported [MQTT-3.2.2-9]. Seen raw and through HiveMQ.
     */
    @Test
    void connackAdvertisesDefaultCapabilities() throws Exception {
        try (WireClient c = WireClient.open(broker, 5)) {
            Props p = c.sendConnect("caps-on", true, new Props()).props();
            assertThat(p.num(RETAIN_AVAILABLE)).isEqualTo(1);
            assertThat(p.num(WILDCARD_AVAILABLE)).isEqualTo(1);
            assertThat(p.num(SUBSCRIPTION_ID_AVAILABLE)).isEqualTo(1);
            assertThat(p.num(SHARED_AVAILABLE)).isEqualTo(1);
            assertThat(p.num(TOPIC_ALIAS_MAXIMUM)).isEqualTo(64);
            assertThat(p.num(MAXIMUM_PACKET_SIZE)).isEqualTo(10 * 1024 * 1024);
            assertThat(p.num(RECEIVE_MAXIMUM)).isEqualTo(128);
            assertThat(p.has(MAXIMUM_QOS)).isFalse();
        }
        Mqtt5BlockingClient h = Mqtt5Client.builder().identifier("caps-hive").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        Mqtt5ConnAckRestrictions r = h.connect().getRestrictions();
        h.disconnect();
        assertThat(r.isRetainAvailable()).isTrue();
        assertThat(r.isWildcardSubscriptionAvailable()).isTrue();
        assertThat(r.areSubscriptionIdentifiersAvailable()).isTrue();
        assertThat(r.isSharedSubscriptionAvailable()).isTrue();
        assertThat(r.getTopicAliasMaximum()).isEqualTo(64);
        assertThat(r.getMaximumPacketSize()).isEqualTo(10 * 1024 * 1024);
        assertThat(r.getReceiveMaximum()).isEqualTo(128);
        assertThat(r.getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
    }

    /**
     * The 0/false variants: CONNACK says so and the broker enforces it - retained PUBLISH gets DISCONNECT
     * 0x9A [MQTT-3.2.2-14]; wildcard filter SUBACK 0xA2; shared filter SUBACK 0x9E; SUBSCRIBE with a
     * Subscription Identifier DISCONNECT 0xA1; Maximum QoS 0 announced [MQTT-3.2.2-9] and a QoS 1 PUBLISH
     * gets DISCONNECT 0x9B [MQTT-3.2.2-11]; Receive Maximum 65535 is the default and may be left out.
     */
    @Test
    void connackAdvertisesDisabledCapabilitiesAndTheyAreEnforced() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.retainAvailable(false).wildcardSubscriptionAvailable(false)
                .subscriptionIdentifierAvailable(false).sharedSubscriptionAvailable(false).topicAliasMaximum(0)
                .maxPacketSize(4096).receiveMaximum(65535).maxQos(0))) {
            try (WireClient c = WireClient.open(b, 5)) {
                Props p = c.sendConnect("caps-off", true, new Props()).props();
                assertThat(p.num(RETAIN_AVAILABLE)).isZero();
                assertThat(p.num(WILDCARD_AVAILABLE)).isZero();
                assertThat(p.num(SUBSCRIPTION_ID_AVAILABLE)).isZero();
                assertThat(p.num(SHARED_AVAILABLE)).isZero();
                assertThat(p.has(TOPIC_ALIAS_MAXIMUM)).isFalse();
                assertThat(p.num(MAXIMUM_PACKET_SIZE)).isEqualTo(4096);
                assertThat(p.has(RECEIVE_MAXIMUM) ? p.num(RECEIVE_MAXIMUM) : 65535).isEqualTo(65535);
                assertThat(p.num(MAXIMUM_QOS)).isZero();
                assertThat(c.subscribeMany(1, new Props(), new String[] {"x/+", "x/#", "$share/g/x", "x/y"},
                        new int[] {0, 0, 0, 1})).containsExactly(0xA2, 0xA2, 0x9E, 0x00);
                c.publish("x/y", 0, 0, false, true, new Props(), "r".getBytes(StandardCharsets.UTF_8));
                assertThat(c.expectDisconnect().reasonCode()).isEqualTo(0x9A);
            }
            try (WireClient c = WireClient.connect(b, "caps-off-2")) {
                c.subscribe(1, "x/y", 0, new Props().put(SUBSCRIPTION_ID, 5L));
                assertThat(c.expectDisconnect().reasonCode()).isEqualTo(0xA1);
            }
            try (WireClient c = WireClient.connect(b, "caps-off-3")) {
                c.publish("x/y", 1, 1, "qos 1");
                assertThat(c.expectDisconnect().reasonCode()).isEqualTo(0x9B);
            }
            Mqtt5BlockingClient h = Mqtt5Client.builder().identifier("caps-off-hive").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            Mqtt5ConnAckRestrictions r = h.connect().getRestrictions();
            h.disconnect();
            assertThat(r.isRetainAvailable()).isFalse();
            assertThat(r.isWildcardSubscriptionAvailable()).isFalse();
            assertThat(r.areSubscriptionIdentifiersAvailable()).isFalse();
            assertThat(r.isSharedSubscriptionAvailable()).isFalse();
            assertThat(r.getTopicAliasMaximum()).isZero();
            assertThat(r.getMaximumPacketSize()).isEqualTo(4096);
            assertThat(r.getReceiveMaximum()).isEqualTo(65535);
            assertThat(r.getMaximumQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
        }
    }
}
