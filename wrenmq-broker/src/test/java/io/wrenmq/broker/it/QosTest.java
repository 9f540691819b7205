package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.WireClient.PUBACK;
import static io.wrenmq.broker.it.WireClient.PUBCOMP;
import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static io.wrenmq.broker.it.WireClient.PUBREC;
import static io.wrenmq.broker.it.WireClient.PUBREL;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * QoS 0/1/2 in both directions with every client library, packet identifiers, exactly-once for inbound
 * QoS 2 and the Maximum QoS downgrade.
 */
@Timeout(30)
class QosTest {
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> c.maxInflightWindow(400));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** A message as any of the four libraries saw it. */
    record Received(String topic, String payload, int qos) {
    }

    /** The part of each client library this test needs. */
    interface Lib extends AutoCloseable {
        void subscribe(String filter, int qos) throws Exception;

        void publish(String topic, int qos, String payload) throws Exception;

        BlockingQueue<Received> received();

        @Override
        void close() throws Exception;
    }

    static Lib hivemq5(String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        BlockingQueue<Received> q = new LinkedBlockingQueue<>();
        c.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> q.add(new Received(p.getTopic().toString(),
                new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), p.getQos().getCode())));
        c.connect();
        return new Lib() {
            public void subscribe(String filter, int qos) {
                c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
            }

            public void publish(String topic, int qos, String payload) {
                c.publishWith().topic(topic).qos(MqttQos.fromCode(qos))
                        .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            }

            public BlockingQueue<Received> received() {
                return q;
            }

            public void close() {
                c.disconnect();
            }
        };
    }

    static Lib hivemq3(String id) {
        Mqtt3BlockingClient c = Mqtt3Client.builder().identifier(id).serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        BlockingQueue<Received> q = new LinkedBlockingQueue<>();
        c.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> q.add(new Received(p.getTopic().toString(),
                new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), p.getQos().getCode())));
        c.connect();
        return new Lib() {
            public void subscribe(String filter, int qos) {
                c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
            }

            public void publish(String topic, int qos, String payload) {
                c.publishWith().topic(topic).qos(MqttQos.fromCode(qos))
                        .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            }

            public BlockingQueue<Received> received() {
                return q;
            }

            public void close() {
                c.disconnect();
            }
        };
    }

    static Lib paho3(String id) throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient(broker.uri(), id,
                new MemoryPersistence());
        BlockingQueue<Received> q = new LinkedBlockingQueue<>();
        c.setCallback(new MqttCallback() {
            public void connectionLost(Throwable cause) {
            }

            public void messageArrived(String topic, MqttMessage m) {
                q.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos()));
            }

            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        c.connect(o);
        return new Lib() {
            public void subscribe(String filter, int qos) throws Exception {
                c.subscribe(filter, qos);
            }

            public void publish(String topic, int qos, String payload) throws Exception {
                c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
            }

            public BlockingQueue<Received> received() {
                return q;
            }

            public void close() throws Exception {
                c.disconnect();
                c.close();
            }
        };
    }

    static Lib paho5(String id) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient c = new org.eclipse.paho.mqttv5.client.MqttClient(broker.uri(), id,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        BlockingQueue<Received> q = new LinkedBlockingQueue<>();
        c.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            public void disconnected(MqttDisconnectResponse r) {
            }

            public void mqttErrorOccurred(MqttException e) {
            }

            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
                q.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos()));
            }

            public void deliveryComplete(IMqttToken token) {
            }

            public void connectComplete(boolean reconnect, String uri) {
            }

            public void authPacketArrived(int reason, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        return new Lib() {
            public void subscribe(String filter, int qos) throws Exception {
                c.subscribe(filter, qos);
            }

            public void publish(String topic, int qos, String payload) throws Exception {
                c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
            }

            public BlockingQueue<Received> received() {
                return q;
            }

            public void close() throws Exception {
                c.disconnect();
                c.close();
            }
        };
    }

    static Received take(BlockingQueue<Received> q) throws InterruptedException {
        Received r = q.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("message within 5 s").isNotNull();
        return r;
    }

    /**
     * Every library publishes at QoS 0, 1 and 2 and every library, subscribed at QoS 2, receives each
     * message once at the QoS it was published with [MQTT-4.3.1-1, MQTT-4.3.2-1, MQTT-4.3.3-1] (the
     * QoS 1/2 flows of publisher and subscriber side complete, or the client libraries would not report
     * the messages).
     */
    @Test
    void qos012BothDirectionsWithEveryLibrary() throws Exception {
        List<Lib> libs = new ArrayList<>();
        try {
            libs.add(hivemq5("q-hive5"));
            libs.add(hivemq3("q-hive3"));
            libs.add(paho3("q-paho3"));
            libs.add(paho5("q-paho5"));
            for (Lib l : libs) {
                l.subscribe("qos/all/#", 2);
            }
            Set<Received> expected = new HashSet<>();
            for (int i = 0; i < libs.size(); i++) {
                for (int qos = 0; qos <= 2; qos++) {
                    String topic = "qos/all/" + i;
                    String payload = "lib" + i + "-q" + qos;
                    libs.get(i).publish(topic, qos, payload);
                    expected.add(new Received(topic, payload, qos));
                }
            }
            for (Lib l : libs) {
                Set<Received> got = new HashSet<>();
                for (int n = 0; n < expected.size(); n++) {
                    got.add(take(l.received()));
                }
                assertThat(got).isEqualTo(expected);
            }
            Thread.sleep(200); // only to prove that no duplicate follows
            for (Lib l : libs) {
                assertThat(l.received()).isEmpty();
            }
        } finally {
            for (Lib l : libs) {
                l.close();
            }
        }
    }

    /**
     * The QoS a subscriber gets is the minimum of the published QoS and the granted QoS [MQTT-3.8.4-8]
     * (MQTT 3.1.1: [MQTT-3.8.4-6]): a QoS 0 subscriber gets QoS 0 for a QoS 2 publish.
     */
    @Test
    void deliveredQosIsMinimumOfPublishAndSubscription() throws Exception {
        try (Lib s0 = hivemq5("down-0"); Lib s1 = hivemq5("down-1"); Lib s2 = paho3("down-2");
                Lib pub = hivemq5("down-pub")) {
            s0.subscribe("down/x", 0);
            s1.subscribe("down/x", 1);
            s2.subscribe("down/x", 2);
            pub.publish("down/x", 2, "two");
            assertThat(take(s0.received()).qos()).isZero();
            assertThat(take(s1.received()).qos()).isEqualTo(1);
            assertThat(take(s2.received()).qos()).isEqualTo(2);
            pub.publish("down/x", 1, "one");
            assertThat(take(s0.received()).qos()).isZero();
            assertThat(take(s1.received()).qos()).isEqualTo(1);
            assertThat(take(s2.received()).qos()).isEqualTo(1);
        }
    }

    /**
     * Many QoS 1 and QoS 2 messages in flight to one client at once: each carries a non-zero packet id
     * [MQTT-2.2.1-2] that no other message in flight uses [MQTT-2.2.1-3]; an id is free again once its
     * flow has completed (PUBACK, or PUBCOMP) and may then be reused [MQTT-2.2.1-4].
     */
    @Test
    void packetIdsAreUniqueAmongInflightMessages() throws Exception {
        int total = 600;
        try (WireClient sub = WireClient.connect(broker, "ids-sub");
                Lib pub = hivemq5("ids-pub")) {
            assertThat(sub.subscribeAndWait(1, "ids/#", 2, new WireClient.Props())).containsExactly(2);
            Thread publisher = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        pub.publish("ids/" + i, 1 + i % 2, "m" + i);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            publisher.start();
            Set<Integer> inflight = new HashSet<>();
            List<WireClient.Packet> unacked = new ArrayList<>();
            Set<String> payloads = new HashSet<>();
            int maxInflight = 0;
            while (payloads.size() < total) {
                WireClient.Packet p = sub.next(5);
                if (p.type == PUBLISH) {
                    assertThat(p.packetId()).isBetween(1, 65535);
                    assertThat(inflight.add(p.packetId())).as("id %d already in flight", p.packetId()).isTrue();
                    assertThat(payloads.add(p.payloadString())).as("duplicate %s", p.payloadString()).isTrue();
                    unacked.add(p);
                    maxInflight = Math.max(maxInflight, inflight.size());
                    if (unacked.size() == 300 || payloads.size() == total) {
                        // acknowledge a whole batch at once, so hundreds of ids were in flight together
                        for (WireClient.Packet u : unacked) {
                            sub.ack(u.qos() == 1 ? PUBACK : PUBREC, u.packetId());
                            if (u.qos() == 1) {
                                inflight.remove(u.packetId());
                            }
                        }
                        unacked.clear();
                    }
                } else if (p.type == PUBREL) {
                    sub.ack(PUBCOMP, p.packetId());
                    inflight.remove(p.packetId());
                }
            }
            publisher.join(10_000);
            assertThat(maxInflight).isGreaterThanOrEqualTo(300);
        }
    }

    /**
     * Packet ids wrap around after 65535 and skip an id still in flight: the subscriber keeps its first
     * QoS 1 message unacknowledged while more than 65535 others pass; that id is never handed out again
     * meanwhile [MQTT-2.2.1-3], and ids stay within 1..65535 [MQTT-2.2.1-2].
     */
    @Test
    void packetIdsWrapAroundAndSkipIdsInFlight() throws Exception {
        int total = 66_000;
        try (WireClient sub = WireClient.connect(broker, "wrap-sub"); WireClient pub = WireClient.connect(broker,
                "wrap-pub")) {
            sub.subscribeAndWait(1, "wrap/t", 1, new WireClient.Props());
            byte[] payload = {1};
            int sent = 0;
            int received = 0;
            int held = -1;
            Set<Integer> seen = new HashSet<>();
            while (received < total) {
                // 300 messages per round trip (one write each way), below the window and the queue limit
                int batch = Math.min(300, total - sent); // below the inflight window (400)
                pub.startBatch();
                for (int i = 0; i < batch; i++) {
                    pub.publish("wrap/t", 1, sent % 65535 + 1, false, false, new WireClient.Props(), payload);
                    sent++;
                }
                pub.flushBatch();
                sub.startBatch();
                for (int i = 0; i < batch; i++) {
                    WireClient.Packet p = sub.next(5);
                    assertThat(p.type).isEqualTo(PUBLISH);
                    int id = p.packetId();
                    assertThat(id).isBetween(1, 65535);
                    if (held < 0) {
                        held = id; // never acknowledged during the test
                    } else {
                        assertThat(id).as("id of the unacknowledged message reused").isNotEqualTo(held);
                        sub.ack(PUBACK, id);
                    }
                    seen.add(id);
                    received++;
                }
                sub.flushBatch();
            }
            assertThat(seen).as("every other id was used: the allocator wrapped").hasSize(65535);
            sub.ack(PUBACK, held);
            pub.disconnect();
        }
    }

    /**
     * Exactly once for an inbound QoS 2 message: the publisher resends the PUBLISH with DUP before its
     * PUBREL; the broker answers PUBREC again but delivers the message once [MQTT-4.3.3-10]. After PUBCOMP
     * the packet id is free and a new message with it is a new message [MQTT-4.3.3-11 (v3.1.1: 4.3.3-2)].
     */
    @Test
    void inboundQos2ResendIsDeliveredOnce() throws Exception {
        try (Lib sub = hivemq5("eo-sub"); WireClient pub = WireClient.connect(broker, "eo-pub")) {
            sub.subscribe("eo/t", 2);
            byte[] first = "first".getBytes(StandardCharsets.UTF_8);
            pub.publish("eo/t", 2, 7, false, false, new WireClient.Props(), first);
            assertThat(pub.expect(PUBREC).packetId()).isEqualTo(7);
            pub.publish("eo/t", 2, 7, true, false, new WireClient.Props(), first);
            assertThat(pub.expect(PUBREC).packetId()).isEqualTo(7);
            assertThat(take(sub.received()).payload()).isEqualTo("first");
            pub.ack(PUBREL, 7);
            WireClient.Packet comp = pub.expect(PUBCOMP);
            assertThat(comp.packetId()).isEqualTo(7);
            assertThat(comp.reasonCode()).isZero();
            // the same id again, after the flow completed: a new message
            pub.publish("eo/t", 2, 7, false, false, new WireClient.Props(), "second".getBytes(StandardCharsets.UTF_8));
            pub.expect(PUBREC);
            pub.ack(PUBREL, 7);
            pub.expect(PUBCOMP);
            assertThat(take(sub.received()).payload()).isEqualTo("second");
            assertThat(sub.received().poll(300, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
        }
    }

    /**
     * Exactly once across a reconnect: the QoS 2 packet id awaiting PUBREL is part of the session state
     * (section 4.1), so a DUP resend after the client reconnected to its session is acknowledged but not
     * delivered again [MQTT-4.3.3-10]; the PUBREL then completes the flow.
     */
    @Test
    void inboundQos2ResendAfterReconnectIsDeliveredOnce() throws Exception {
        try (Lib sub = hivemq5("eor-sub")) {
            sub.subscribe("eor/t", 2);
            byte[] msg = "once".getBytes(StandardCharsets.UTF_8);
            WireClient.Props session = new WireClient.Props().put(WireClient.SESSION_EXPIRY, 60L);
            try (WireClient pub = WireClient.open(broker, WireClient.V5)) {
                pub.sendConnect("eor-pub", true, session);
                pub.publish("eor/t", 2, 3, false, false, new WireClient.Props(), msg);
                pub.expect(PUBREC);
            } // connection lost before PUBREL
            assertThat(take(sub.received()).payload()).isEqualTo("once");
            try (WireClient pub = WireClient.open(broker, WireClient.V5)) {
                WireClient.Packet ack = pub.sendConnect("eor-pub", false, new WireClient.Props()
                        .put(WireClient.SESSION_EXPIRY, 0L));
                assertThat(ack.sessionPresent()).isTrue();
                pub.publish("eor/t", 2, 3, true, false, new WireClient.Props(), msg);
                pub.expect(PUBREC);
                pub.ack(PUBREL, 3);
                assertThat(pub.expect(PUBCOMP).reasonCode()).isZero();
            }
            assertThat(sub.received().poll(300, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
        }
    }

    /** The same over MQTT 3.1.1 ([MQTT-4.3.3-2] in 3.1.1 numbering): a DUP resend is not routed again. */
    @Test
    void inboundQos2ResendIsDeliveredOnceV311() throws Exception {
        try (Lib sub = paho3("eo3-sub"); WireClient pub = WireClient.connectV311(broker, "eo3-pub")) {
            sub.subscribe("eo3/t", 2);
            byte[] msg = "once".getBytes(StandardCharsets.UTF_8);
            pub.publish("eo3/t", 2, 9, false, false, null, msg);
            pub.expect(PUBREC);
            pub.publish("eo3/t", 2, 9, true, false, null, msg);
            pub.expect(PUBREC);
            pub.ack(PUBREL, 9);
            pub.expect(PUBCOMP);
            assertThat(take(sub.received()).payload()).isEqualTo("once");
            assertThat(sub.received().poll(300, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
        }
    }

    /**
     * With Maximum QoS 1 configured: SUBACK grants QoS 1 for a QoS 2 request (v5 and v3.1.1; the server may
     * grant a lower QoS, [MQTT-3.9.3-1]/section 3.8.4), the v5 CONNACK says Maximum QoS 1 [MQTT-3.2.2-9], and
     * a v5 PUBLISH at QoS 2 gets DISCONNECT 0x9B QoS not supported [MQTT-3.2.2-11].
     */
    @Test
    void maximumQosOneIsAdvertisedGrantedAndEnforced() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxQos(1))) {
            try (WireClient c = WireClient.open(b, WireClient.V5)) {
                WireClient.Packet ack = c.sendConnect("mq-raw", true, new WireClient.Props());
                assertThat(ack.connackReason()).isZero();
                assertThat(ack.props().num(WireClient.MAXIMUM_QOS)).isEqualTo(1);
                assertThat(c.subscribeAndWait(1, "mq/#", 2, new WireClient.Props())).containsExactly(1);
                c.publish("mq/x", 2, 1, "too high");
                assertThat(c.expectDisconnect().reasonCode()).isEqualTo(0x9B);
            }
            try (WireClient c = WireClient.connectV311(b, "mq-raw3")) {
                assertThat(c.subscribeAndWait(1, "mq/#", 2, null)).containsExactly(1);
            }
            Mqtt5BlockingClient h = Mqtt5Client.builder().identifier("mq-hive").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            assertThat(h.connect().getRestrictions().getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            try {
                assertThat(h.subscribeWith().topicFilter("mq/#").qos(MqttQos.EXACTLY_ONCE).send().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            } finally {
                h.disconnect();
            }
        }
    }
}
