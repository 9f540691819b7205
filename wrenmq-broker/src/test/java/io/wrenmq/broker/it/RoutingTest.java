package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.WireClient.PUBACK;
import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static io.wrenmq.broker.it.WireClient.SUBSCRIPTION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.wrenmq.broker.it.WireClient.Packet;
import io.wrenmq.broker.it.WireClient.Props;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic matching, overlapping subscriptions, subscription options and (UN)SUBACK reason codes. */
@Timeout(30)
class RoutingTest {
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> { });
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** A connected HiveMQ v5 client that collects every message it receives. */
    static final class Hive implements AutoCloseable {
        final Mqtt5BlockingClient client;
        final BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();

        Hive(TestBroker b, String id) {
            client = Mqtt5Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildBlocking();
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
            client.connect();
        }

        void sub(String filter, int qos) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        }

        void pub(String topic, int qos, String payload) {
            client.publishWith().topic(topic).qos(MqttQos.fromCode(qos))
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        }

        Mqtt5Publish take() throws InterruptedException {
            Mqtt5Publish p = received.poll(5, TimeUnit.SECONDS);
            assertThat(p).as("a message within 5 s").isNotNull();
            return p;
        }

        /** The topics of the next n messages. */
        List<String> topics(int n) throws InterruptedException {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(take().getTopic().toString());
            }
            return out;
        }

        void expectNothing(long millis) throws InterruptedException {
            Mqtt5Publish p = received.poll(millis, TimeUnit.MILLISECONDS);
            assertThat(p).as("no message expected").isNull();
        }

        @Override
        public void close() {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }

    static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    /**
     * '#' matches the parent level and every level below [MQTT-4.7.1-1] (section 4.7.1.2); '+' matches
     * exactly one level, also an empty one [MQTT-4.7.1-2] (section 4.7.1.3); topic levels are compared
     * exactly, case-sensitively (section 4.7.3).
     */
    @Test
    void wildcardsMatchAsSpecified() throws Exception {
        try (Hive hash = new Hive(broker, "w-hash"); Hive plus = new Hive(broker, "w-plus");
                Hive plusEnd = new Hive(broker, "w-plus-end"); Hive exact = new Hive(broker, "w-exact");
                Hive pub = new Hive(broker, "w-pub")) {
            hash.sub("w/#", 1);
            plus.sub("w/+/c", 1);
            plusEnd.sub("+/+", 1);
            exact.sub("w/b/c", 1);
            String[] topics = {"w", "w/b", "w/b/c", "w/x/c", "w//c", "w/b/c/d", "W/b/c", "/w"};
            for (String t : topics) {
                pub.pub(t, 1, t);
            }
            pub.pub("end", 1, "end"); // not matched by any: only to bound the test
            assertThat(hash.topics(6)).containsExactly("w", "w/b", "w/b/c", "w/x/c", "w//c", "w/b/c/d");
            assertThat(plus.topics(3)).containsExactly("w/b/c", "w/x/c", "w//c");
            assertThat(plusEnd.topics(2)).containsExactly("w/b", "/w");
            assertThat(exact.topics(1)).containsExactly("w/b/c");
            for (Hive h : List.of(hash, plus, plusEnd, exact)) {
                h.expectNothing(200);
            }
        }
    }

    /**
     * Filters starting with a wildcard do not match topics starting with '$' [MQTT-4.7.2-1]: neither
     * "#" nor "+/x" get "$app/x" or the broker's $SYS statistics, while "$app/#" and "$SYS/#" do.
     */
    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() throws Exception {
        try (Hive all = new Hive(broker, "d-all"); Hive plus = new Hive(broker, "d-plus");
                Hive dollar = new Hive(broker, "d-dollar"); Hive sys = new Hive(broker, "d-sys");
                Hive pub = new Hive(broker, "d-pub")) {
            all.sub("#", 0);
            plus.sub("+/x", 0);
            dollar.sub("$app/#", 0);
            sys.sub("$SYS/#", 0);
            // the retained $SYS values arrive at once; then wait for a live (non-retained) statistics update
            Mqtt5Publish live;
            do {
                live = sys.take();
            } while (live.isRetain());
            assertThat(live.getTopic().toString()).startsWith("$SYS/");
            pub.pub("$app/x", 1, "dollar");
            pub.pub("app/x", 1, "plain");
            assertThat(text(dollar.take())).isEqualTo("dollar");
            Mqtt5Publish a = all.take();
            assertThat(a.getTopic().toString()).as("first message to '#'").isEqualTo("app/x");
            assertThat(text(plus.take())).isEqualTo("plain");
            all.expectNothing(200);
            plus.expectNothing(50);
        }
    }

    /**
     * Overlapping subscriptions of one client: ONE copy [section 3.3.4, single-copy option] at the highest
     * QoS of the matching subscriptions [MQTT-3.3.4-2], carrying the Subscription Identifiers of all of
     * them [MQTT-3.3.4-3, MQTT-3.3.4-5].
     */
    @Test
    void overlappingSubscriptionsGiveOneCopyAtMaxQosWithAllIdentifiers() throws Exception {
        try (WireClient sub = WireClient.connect(broker, "ov-sub"); Hive pub = new Hive(broker, "ov-pub")) {
            sub.subscribeAndWait(1, "ov/+/c", 0, new Props().put(SUBSCRIPTION_ID, 11L));
            sub.subscribeAndWait(2, "ov/#", 1, new Props().put(SUBSCRIPTION_ID, 22L));
            sub.subscribeAndWait(3, "ov/b/c", 2, new Props());
            pub.pub("ov/b/c", 2, "all three");
            Packet p = sub.expect(PUBLISH);
            assertThat(p.payloadString()).isEqualTo("all three");
            assertThat(p.qos()).isEqualTo(2);
            assertThat(p.props().all(SUBSCRIPTION_ID)).containsExactlyInAnyOrder(11L, 22L);
            sub.ack(WireClient.PUBREC, p.packetId());
            sub.expect(WireClient.PUBREL);
            sub.ack(WireClient.PUBCOMP, p.packetId());
            // only "ov/#" matches: QoS 1, only its identifier
            pub.pub("ov/z", 2, "one");
            Packet q = sub.expect(PUBLISH);
            assertThat(q.qos()).isEqualTo(1);
            assertThat(q.props().all(SUBSCRIPTION_ID)).containsExactly(22L);
            sub.ack(PUBACK, q.packetId());
            sub.expectNothing(300);
        }
    }

    /**
     * Two filters subscribed in ONE SUBSCRIBE share its Subscription Identifier; a message matching both is one copy
     * carrying that identifier once, not once per filter [MQTT-3.3.4-3].
     */
    @Test
    void oneSubscribeWithTwoOverlappingFiltersSendsItsIdentifierOnce_MQTT_3_3_4_3() throws Exception {
        try (WireClient sub = WireClient.connect(broker, "sid1-sub"); Hive pub = new Hive(broker, "sid1-pub")) {
            int[] codes = sub.subscribeMany(1, new Props().put(SUBSCRIPTION_ID, 7L), new String[] {"sid1/+", "sid1/b"},
                    new int[] {1, 1});
            assertThat(codes).containsExactly(1, 1);
            pub.pub("sid1/b", 1, "both");
            Packet p = sub.expect(PUBLISH);
            assertThat(p.payloadString()).isEqualTo("both");
            assertThat(p.props().all(SUBSCRIPTION_ID)).containsExactly(7L);
            sub.ack(PUBACK, p.packetId());
            sub.expectNothing(200); // and one copy only
        }
    }

    /** Two SUBSCRIBEs with identifiers 1 and 2 whose filters overlap: the one copy carries both, each once [MQTT-3.3.4-3]. */
    @Test
    void twoSubscribesWithOverlappingFiltersSendBothIdentifiersOnceEach_MQTT_3_3_4_3() throws Exception {
        try (WireClient sub = WireClient.connect(broker, "sid2-sub"); Hive pub = new Hive(broker, "sid2-pub")) {
            sub.subscribeMany(1, new Props().put(SUBSCRIPTION_ID, 1L), new String[] {"sid2/+", "sid2/#"},
                    new int[] {1, 1});
            sub.subscribeAndWait(2, "sid2/b", 1, new Props().put(SUBSCRIPTION_ID, 2L));
            pub.pub("sid2/b", 1, "three filters, two ids");
            Packet p = sub.expect(PUBLISH);
            assertThat(p.props().all(SUBSCRIPTION_ID)).containsExactlyInAnyOrder(1L, 2L);
            sub.ack(PUBACK, p.packetId());
            sub.expectNothing(200);
        }
    }

    /**
     * Subscription Identifiers come back on delivery [MQTT-3.3.4-3], also through Paho v5; a new SUBSCRIBE
     * for the same filter replaces the subscription, its identifier included [MQTT-3.8.4-3]; a subscription
     * without one delivers none.
     */
    @Test
    void subscriptionIdentifiersAreReturnedOnDelivery() throws Exception {
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.client.MqttAsyncClient paho = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(broker.uri(),
                "sid-paho", new MemoryPersistence());
        paho.setCallback(new MqttCallback() {
            public void disconnected(MqttDisconnectResponse r) {
            }

            public void mqttErrorOccurred(MqttException e) {
            }

            public void messageArrived(String topic, MqttMessage m) {
                got.add(m);
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
        paho.connect(o).waitForCompletion(5000);
        try (WireClient raw = WireClient.connect(broker, "sid-raw"); Hive pub = new Hive(broker, "sid-pub")) {
            MqttProperties sp = new MqttProperties();
            sp.setSubscriptionIdentifier(4242);
            paho.subscribe(new MqttSubscription[] {new MqttSubscription("sid/paho", 1)}, null, null, sp)
                    .waitForCompletion(5000);
            raw.subscribeAndWait(1, "sid/raw", 1, new Props().put(SUBSCRIPTION_ID, 268_435_455L)); // the maximum
            raw.subscribeAndWait(2, "sid/none", 1, new Props());
            pub.pub("sid/paho", 1, "p");
            pub.pub("sid/raw", 1, "r");
            pub.pub("sid/none", 1, "n");
            MqttMessage m = got.poll(5, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getProperties().getSubscriptionIdentifiers()).containsExactly(4242);
            Packet r = raw.expect(PUBLISH);
            assertThat(r.props().all(SUBSCRIPTION_ID)).containsExactly(268_435_455L);
            raw.ack(PUBACK, r.packetId());
            Packet n = raw.expect(PUBLISH);
            assertThat(n.props().has(SUBSCRIPTION_ID)).isFalse();
            raw.ack(PUBACK, n.packetId());
            // replace the subscription with another identifier
            raw.subscribeAndWait(3, "sid/raw", 1, new Props().put(SUBSCRIPTION_ID, 7L));
            pub.pub("sid/raw", 1, "r2");
            Packet r2 = raw.expect(PUBLISH);
            assertThat(r2.props().all(SUBSCRIPTION_ID)).containsExactly(7L);
        } finally {
            paho.disconnect().waitForCompletion(5000);
            paho.close();
        }
    }

    /** No Local: a client's own messages do not come back on a No Local subscription [MQTT-3.8.3-3]. */
    @Test
    void noLocalSuppressesOwnMessagesOnly() throws Exception {
        try (Hive self = new Hive(broker, "nl-self"); Hive other = new Hive(broker, "nl-other");
                Hive echo = new Hive(broker, "nl-echo")) {
            self.client.subscribeWith().topicFilter("nl/t").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
            echo.sub("nl/t", 1); // without No Local, its own messages come back
            self.pub("nl/t", 1, "from self");
            echo.pub("nl/t", 1, "from echo");
            other.pub("nl/t", 1, "from other");
            assertThat(text(self.take())).isEqualTo("from echo");
            assertThat(text(self.take())).isEqualTo("from other");
            self.expectNothing(200);
            assertThat(List.of(text(echo.take()), text(echo.take()), text(echo.take())))
                    .containsExactlyInAnyOrder("from self", "from echo", "from other");
        }
    }

    /**
     * Retain As Published: with it a live message keeps the publisher's RETAIN flag [MQTT-3.3.1-12];
     * without it RETAIN is 0 on a live delivery [MQTT-3.3.1-13] (and for a v3.1.1 subscriber
     * [MQTT-3.3.1-9 of 3.1.1]).
     */
    @Test
    void retainAsPublishedKeepsTheRetainFlag() throws Exception {
        try (Hive rap = new Hive(broker, "rap-on"); Hive plain = new Hive(broker, "rap-off");
                WireClient v3 = WireClient.connectV311(broker, "rap-v3"); Hive pub = new Hive(broker, "rap-pub")) {
            rap.client.subscribeWith().topicFilter("rap/t").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).send();
            plain.sub("rap/t", 1);
            v3.subscribeAndWait(1, "rap/t", 0, null);
            pub.client.publishWith().topic("rap/t").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("r".getBytes(StandardCharsets.UTF_8)).send();
            pub.pub("rap/t", 1, "not retained");
            assertThat(rap.take().isRetain()).isTrue();
            assertThat(rap.take().isRetain()).isFalse();
            assertThat(plain.take().isRetain()).isFalse();
            assertThat(plain.take().isRetain()).isFalse();
            assertThat(v3.expect(PUBLISH).retain()).isFalse();
            assertThat(v3.expect(PUBLISH).retain()).isFalse();
            pub.client.publishWith().topic("rap/t").retain(true).send(); // clear the retained message
        }
    }

    /**
     * UNSUBACK reason codes: 0x00 for a removed subscription, 0x11 No subscription existed for an unknown
     * filter (v5, [MQTT-3.11.3-1] one per filter in order); afterwards no more messages arrive
     * [MQTT-3.10.4-1]. An invalid filter gets 0x8F Topic Filter invalid.
     */
    @Test
    void unsubscribeReasonCodes() throws Exception {
        try (WireClient raw = WireClient.connect(broker, "us-raw"); Hive hive = new Hive(broker, "us-hive");
                Hive pub = new Hive(broker, "us-pub")) {
            raw.subscribeAndWait(1, "us/a", 1, new Props());
            assertThat(raw.unsubscribe(2, "us/a", "us/never", "us/#/bad")).containsExactly(0x00, 0x11, 0x8F);
            hive.sub("us/h", 1);
            assertThat(hive.client.unsubscribeWith().topicFilter("us/h").addTopicFilter("us/other").send()
                    .getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS,
                            Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
            pub.pub("us/a", 1, "gone");
            pub.pub("us/h", 1, "gone");
            raw.expectNothing(300);
            hive.expectNothing(50);
            // the connection is still usable after an invalid filter
            raw.subscribeAndWait(3, "us/a", 1, new Props());
            pub.pub("us/a", 1, "back");
            assertThat(raw.expect(PUBLISH).payloadString()).isEqualTo("back");
        }
        try (WireClient v3 = WireClient.connectV311(broker, "us-v3")) {
            v3.subscribeAndWait(1, "us/a", 1, null);
            assertThat(v3.unsubscribe(2, "us/a", "us/never")).isEmpty(); // 3.1.1 UNSUBACK has no payload
        }
    }

    /**
     * An invalid topic filter is refused per filter in the SUBACK: 0x8F Topic Filter invalid in v5, 0x80
     * Failure in v3.1.1 for a well-formed but unusable shared filter [MQTT-3.9.3-2 of 3.1.1]; valid filters in the
     * same SUBSCRIBE are granted
     * [MQTT-3.8.4-5 one code per filter, in order (3.1.1: MQTT-3.8.4-6)].
     */
    @Test
    void invalidTopicFiltersAreRefusedInSuback() throws Exception {
        String[] filters = {"ok/+", "a/#/b", "a+", "#/x", "$share/g", "$share//x", "$share/g+/x", "ok2/#"};
        int[] options = new int[filters.length];
        java.util.Arrays.fill(options, 1);
        try (WireClient v5 = WireClient.connect(broker, "if-v5")) {
            assertThat(v5.subscribeMany(1, new Props(), filters, options))
                    .containsExactly(1, 0x8F, 0x8F, 0x8F, 0x8F, 0x8F, 0x8F, 1);
            // still connected and subscribed to the valid ones
            v5.publish("ok/x", 1, 2, "self");
            boolean gotAck = false;
            boolean gotMsg = false;
            for (int i = 0; i < 2; i++) {
                Packet p = v5.next(5);
                gotAck |= p.type == PUBACK;
                gotMsg |= p.type == PUBLISH;
            }
            assertThat(gotAck && gotMsg).isTrue();
        }
        // an invalid shared filter with the No Local bit is still just an invalid filter, not a crash
        try (WireClient v5 = WireClient.connect(broker, "if-v5-nl")) {
            assertThat(v5.subscribeMany(1, new Props(), new String[] {"$share/g", "$share//x", "ok/nl"},
                    new int[] {0x04, 0x04, 0x04 | 1})).containsExactly(0x8F, 0x8F, 1);
        }
        // 3.1.1: a malformed filter closes the connection (TopicFilterSyntaxTest); a well-formed filter that is no
        // valid shared subscription gets 0x80 Failure
        try (WireClient v3 = WireClient.connectV311(broker, "if-v3")) {
            assertThat(v3.subscribeMany(1, null, new String[] {"ok/+", "$share/g", "$share//x", "ok2/#"},
                    new int[] {1, 1, 1, 1})).containsExactly(1, 0x80, 0x80, 1);
        }
    }
}
