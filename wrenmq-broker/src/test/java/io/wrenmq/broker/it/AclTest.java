package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.DISCONNECT;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.wrenmq.broker.auth.AclConfig;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.broker.auth.AclFile;
import io.wrenmq.broker.auth.Authorizer;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.WillSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Authorization with real clients (HiveMQ v5, Paho v3, raw sockets for wills and DISCONNECT bytes): the rule
 * matrix, reason codes on denial, delivery-time and retained filtering, wills, deny_action, reload.
 */
@Timeout(60)
class AclTest {
    static final String RULES = """
            rules = [
              {permit = allow, username = "admin"}
              {permit = deny, action = publish, topics = ["forbidden/#"]}
              {permit = deny, action = subscribe, topics = ["secret/#", {eq = "denied/+"}]}
              {permit = allow, topics = ["users/${username}/#"]}
              {permit = deny, topics = ["users/#"]}
              {permit = allow, and = [{username = "ops"}, {ipaddr = "127.0.0.0/8"}], topics = ["ops/#"]}
              {permit = allow, or = [{clientid = "dev-a"}, {clientid = "dev-b"}], topics = ["dev/#"]}
              {permit = deny, topics = ["ops/#", "dev/#"]}
              {permit = allow}
            ]
            """;

    private TestBroker broker;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        broker = TestBroker.start(c -> c.acl().rules(AclFile.parse(RULES, "AclTest")));
    }

    @AfterEach
    void stop() {
        for (Mqtt5BlockingClient c : clients) {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Mqtt5BlockingClient v5(TestBroker b, String clientId, String username) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(b.port())
                .buildBlocking();
        if (username != null) {
            c.connectWith().simpleAuth().username(username).applySimpleAuth().send();
        } else {
            c.connect();
        }
        clients.add(c);
        return c;
    }

    /** Publishes at QoS 1; the PUBACK's reason code (the blocking client throws on an error code). */
    private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient c, String topic, boolean retain) {
        try {
            c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                    .payload(topic.getBytes(StandardCharsets.UTF_8)).send();
            return Mqtt5PubAckReasonCode.SUCCESS;
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    /** Topics received until (and without) {@code marker}, which the admin publishes after the test's messages. */
    private static List<String> topicsUntil(Mqtt5BlockingClient.Mqtt5Publishes in, String marker) throws Exception {
        List<String> got = new ArrayList<>();
        while (true) {
            Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no " + marker + "; got " + got));
            String t = p.getTopic().toString();
            if (t.equals(marker)) {
                return got;
            }
            got.add(t);
        }
    }

    private static boolean acceptedV5(Mqtt5PubAckReasonCode r) {
        return !r.isError();
    }

    private static Mqtt5PubAckReasonCode pubAckReason(Mqtt5PubAckReasonCode r) {
        return r;
    }

    @Test
    void deniedPublishGetsNotAuthorizedInV5AndIsNotRouted() throws Exception {
        Mqtt5BlockingClient admin = v5(broker, "admin-1", "admin");
        Mqtt5BlockingClient.Mqtt5Publishes in = admin.publishes(MqttGlobalPublishFilter.ALL);
        admin.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = v5(broker, "p5", "u1");
        assertThat(pubAckReason(publish(pub, "forbidden/x", false))).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(acceptedV5(publish(pub, "open/x", false))).isTrue();
        publish(pub, "end", false); // the same publisher: its messages arrive in order [MQTT-4.6.0-6]
        assertThat(topicsUntil(in, "end")).containsExactly("open/x");
        assertThat(pub.getState().isConnected()).as("deny_action = ignore keeps the connection").isTrue();
    }

    @Test
    void deniedPublishIsAcknowledgedButDroppedInV3() throws Exception {
        Mqtt5BlockingClient admin = v5(broker, "admin-2", "admin");
        Mqtt5BlockingClient.Mqtt5Publishes in = admin.publishes(MqttGlobalPublishFilter.ALL);
        admin.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        MqttClient paho = new MqttClient(broker.uri(), "p3", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("u3");
        paho.connect(o);
        try {
            paho.publish("forbidden/y", "no".getBytes(StandardCharsets.UTF_8), 1, false); // PUBACK as usual
            paho.publish("forbidden/y", "no".getBytes(StandardCharsets.UTF_8), 2, false); // PUBREC/PUBCOMP as usual
            paho.publish("open/y", "yes".getBytes(StandardCharsets.UTF_8), 1, false);
            paho.publish("end", "".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(paho.isConnected()).isTrue();
        } finally {
            paho.disconnect();
            paho.close();
        }
        assertThat(topicsUntil(in, "end")).containsExactly("open/y");
    }

    @Test
    void deniedSubscribeGets0x87InV5And0x80InV3() throws Exception {
        Mqtt5BlockingClient c = v5(broker, "s5", "u1");
        Mqtt5SubAck ack;
        try {
            c.subscribeWith().addSubscription().topicFilter("secret/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("denied/+").applySubscription()
                    .addSubscription().topicFilter("denied/x").applySubscription()
                    .addSubscription().topicFilter("$share/g/secret/a").applySubscription().send();
            throw new AssertionError("SUBACK without error codes");
        } catch (Mqtt5SubAckException e) {
            ack = e.getMqttMessage();
        }
        assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED,
                Mqtt5SubAckReasonCode.NOT_AUTHORIZED, Mqtt5SubAckReasonCode.GRANTED_QOS_2,
                Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

        MqttClient paho = new MqttClient(broker.uri(), "s3", new MemoryPersistence());
        paho.connect();
        try {
            assertThat(paho.subscribeWithResponse(new String[] {"secret/#", "open/#"}, new int[] {1, 1}).getGrantedQos())
                    .containsExactly(0x80, 1);
        } finally {
            paho.disconnect();
            paho.close();
        }
    }

    @Test
    void subscriberOnHashGetsOnlyTopicsItMayReceive() throws Exception {
        Mqtt5BlockingClient alice = v5(broker, "alice-1", "alice");
        Mqtt5BlockingClient.Mqtt5Publishes in = alice.publishes(MqttGlobalPublishFilter.ALL);
        Mqtt5SubAck ack = alice.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        Mqtt5BlockingClient admin = v5(broker, "admin-3", "admin");
        for (String t : List.of("secret/x", "users/bob/x", "users/alice/x", "ops/x", "dev/x", "open/z")) {
            publish(admin, t, false);
        }
        publish(admin, "end", false);
        assertThat(topicsUntil(in, "end")).containsExactly("users/alice/x", "open/z");
    }

    @Test
    void ruleMatrixWithPlaceholdersAndOrOverTheWire() throws Exception {
        Mqtt5BlockingClient alice = v5(broker, "alice-2", "alice");
        assertThat(acceptedV5(publish(alice, "users/alice/t", false))).isTrue();
        assertThat(pubAckReason(publish(alice, "users/bob/t", false))).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        Mqtt5BlockingClient anonymous = v5(broker, "anon", null);
        assertThat(pubAckReason(publish(anonymous, "users/alice/t", false))).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        Mqtt5BlockingClient ops = v5(broker, "ops-1", "ops"); // and: username ops AND from 127.0.0.0/8
        assertThat(acceptedV5(publish(ops, "ops/restart", false))).isTrue();
        Mqtt5BlockingClient notOps = v5(broker, "ops-2", "ops2");
        assertThat(pubAckReason(publish(notOps, "ops/restart", false))).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        Mqtt5BlockingClient devB = v5(broker, "dev-b", "x"); // or: client id dev-a OR dev-b
        assertThat(acceptedV5(publish(devB, "dev/1", false))).isTrue();
        Mqtt5BlockingClient devC = v5(broker, "dev-c", "x");
        assertThat(pubAckReason(publish(devC, "dev/1", false))).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void retainedMessagesAreFilteredLikeLiveOnes() throws Exception {
        Mqtt5BlockingClient admin = v5(broker, "admin-4", "admin");
        publish(admin, "secret/r", true);
        publish(admin, "open/r", true);
        Mqtt5BlockingClient alice = v5(broker, "alice-3", "alice");
        Mqtt5BlockingClient.Mqtt5Publishes in = alice.publishes(MqttGlobalPublishFilter.ALL);
        alice.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        publish(admin, "end", false);
        assertThat(topicsUntil(in, "end")).containsExactly("open/r");
    }

    @Test
    void willIsCheckedAsAPublishOfItsClient() throws Exception {
        Mqtt5BlockingClient admin = v5(broker, "admin-5", "admin");
        Mqtt5BlockingClient.Mqtt5Publishes in = admin.publishes(MqttGlobalPublishFilter.ALL);
        admin.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        RawMqttClient denied = RawMqttClient.connected(broker.port(), connect(V311).clientId("w-denied")
                .will(WillSpec.of("forbidden/will", "x", 0, false)).build());
        RawMqttClient allowed = RawMqttClient.connected(broker.port(), connect(V311).clientId("w-allowed")
                .will(WillSpec.of("open/will", "x", 0, false)).build());
        denied.close(); // no DISCONNECT: the will is due [MQTT-3.1.2-8]
        allowed.close();
        List<String> got = new ArrayList<>();
        while (!got.contains("open/will")) {
            got.add(in.receive(5, TimeUnit.SECONDS).orElseThrow().getTopic().toString());
        }
        publish(admin, "end", false);
        got.addAll(topicsUntil(in, "end"));
        assertThat(got).containsExactly("open/will");
    }

    @Test
    void denyActionDisconnectClosesWithNotAuthorized() throws Exception {
        broker.close();
        broker = TestBroker.start(c -> c.acl().rules(AclFile.parse(RULES, "AclTest"))
                .denyAction(AclConfig.DenyAction.DISCONNECT));
        try (RawMqttClient c = RawMqttClient.connected(broker.port(), connect(V5).clientId("dis-pub").build())) {
            c.send(RawMqttClient.publishV5("forbidden/x", 1, 1, "x"));
            List<Frame> frames = c.expectClosed();
            assertThat(frames).extracting(Frame::type).containsExactly(DISCONNECT);
            assertThat(frames.get(0).disconnectReason()).isEqualTo(0x87);
        }
        try (RawMqttClient c = RawMqttClient.connected(broker.port(), connect(V5).clientId("dis-sub").build())) {
            c.send(RawMqttClient.subscribe(true, 1, "secret/#", 1));
            List<Frame> frames = c.expectClosed();
            assertThat(frames).extracting(Frame::type).containsExactly(DISCONNECT);
            assertThat(frames.get(0).disconnectReason()).isEqualTo(0x87);
        }
    }

    @Test
    void reloadAppliesToExistingSubscriptionsAndRetainedDelivery() throws Exception {
        broker.close();
        broker = TestBroker.start(c -> c.acl().rules(AclFile.parse("rules = [{permit = allow}]", "v1")));
        Mqtt5BlockingClient admin = v5(broker, "admin-6", "admin");
        Mqtt5BlockingClient alice = v5(broker, "alice-4", "alice");
        Mqtt5BlockingClient.Mqtt5Publishes in = alice.publishes(MqttGlobalPublishFilter.ALL);
        alice.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        publish(admin, "t/r", true);
        publish(admin, "t/a", false);
        publish(admin, "end", false);
        assertThat(topicsUntil(in, "end")).containsExactly("t/r", "t/a"); // warms alice's cache with allow

        broker.broker().replaceAclRules(AclFile.parse("""
                rules = [
                  {permit = deny, username = "alice", action = subscribe, topics = ["t/#"]}
                  {permit = allow}
                ]""", "v2"));
        publish(admin, "t/b", false);
        publish(admin, "end", false);
        assertThat(topicsUntil(in, "end")).as("existing subscription follows the new rules").isEmpty();

        Mqtt5BlockingClient alice2 = v5(broker, "alice-5", "alice");
        Mqtt5BlockingClient.Mqtt5Publishes in2 = alice2.publishes(MqttGlobalPublishFilter.ALL);
        alice2.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        publish(admin, "end", false);
        assertThat(topicsUntil(in2, "end")).as("retained t/r is not delivered under the new rules").isEmpty();
    }

    @Test
    void asynchronousAuthorizerHoldsInputAndKeepsOrder() throws Exception {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        Authorizer slow = new Authorizer() {
            @Override
            public CompletableFuture<AclDecision> check(io.wrenmq.broker.auth.ClientIdentity who,
                    io.wrenmq.broker.auth.AclAction action, String topic) {
                if (!topic.startsWith("slow")) {
                    return AclDecision.NO_MATCH.future();
                }
                CompletableFuture<AclDecision> f = new CompletableFuture<>();
                AclDecision d = topic.startsWith("slowdeny") ? AclDecision.DENY : AclDecision.ALLOW;
                later.schedule(() -> f.complete(d), 200, TimeUnit.MILLISECONDS);
                return f;
            }

            @Override
            public boolean synchronous() {
                return false;
            }
        };
        try {
            broker.close();
            broker = TestBroker.start(c -> c.acl().addAuthorizer(slow));
            Mqtt5BlockingClient sub = v5(broker, "order-sub", null);
            Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL);
            sub.subscribeWith().topicFilter("#").send();
            try (RawMqttClient pub = RawMqttClient.connected(broker.port(), connect(V5).clientId("order-pub").build())) {
                // One write: the decoder hands all four to the connection in one read batch.
                pub.send(RawMqttClient.publishV5("slow/1", 0, 0, "a"), RawMqttClient.publishV5("fast/2", 0, 0, "b"),
                        RawMqttClient.publishV5("slowdeny/3", 1, 7, "c"), RawMqttClient.publishV5("fast/4", 0, 0, "d"));
                Frame ack = pub.expect(RawMqttClient.PUBACK);
                assertThat(ack.packetId()).isEqualTo(7);
                assertThat(ack.ackReason()).isEqualTo(0x87);
                pub.send(RawMqttClient.publishV5("end", 0, 0, "e"));
                assertThat(topicsUntil(in, "end")).containsExactly("slow/1", "fast/2", "fast/4");
            }
            // SUBSCRIBE waits for the asynchronous answers too: one SUBACK with a code per filter.
            try {
                sub.subscribeWith().addSubscription().topicFilter("slowdeny/#").applySubscription()
                        .addSubscription().topicFilter("slow/#").applySubscription().send();
                throw new AssertionError("SUBACK without error codes");
            } catch (Mqtt5SubAckException e) {
                assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED,
                        Mqtt5SubAckReasonCode.GRANTED_QOS_2);
            }
            // Packets sent with the CONNECT wait for the session, then go through the same gate in order.
            try (RawMqttClient early = RawMqttClient.open(broker.port())) {
                early.send(connect(V5).clientId("order-early").build(), RawMqttClient.publishV5("slow/5", 0, 0, "f"),
                        RawMqttClient.publishV5("fast/6", 0, 0, "g"), RawMqttClient.publishV5("end", 0, 0, "h"));
                early.expect(RawMqttClient.CONNACK);
                assertThat(topicsUntil(in, "end")).containsExactly("slow/5", "fast/6");
            }
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void restoredSessionIsJudgedByItsStoredUsernameBeforeItsClientReconnects(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        String rules = """
                rules = [
                  {permit = allow, username = "alice", action = subscribe, topics = ["private/#"]}
                  {permit = deny, action = subscribe, topics = ["private/#"]}
                  {permit = allow}
                ]""";
        java.util.function.Consumer<io.wrenmq.broker.BrokerConfig> config = c -> {
            c.acl().rules(AclFile.parse(rules, "restore"));
            c.persistence().type(io.wrenmq.broker.store.PersistenceConfig.Type.SQLITE).path(dir.resolve("acl.db"));
        };
        broker.close();
        broker = TestBroker.start(config);
        Mqtt5BlockingClient alice = Mqtt5Client.builder().identifier("alice-p").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        alice.connectWith().cleanStart(false).sessionExpiryInterval(3600).simpleAuth().username("alice")
                .applySimpleAuth().send();
        alice.subscribeWith().topicFilter("private/#").qos(MqttQos.AT_LEAST_ONCE).send();
        alice.disconnect();
        broker.close();

        broker = TestBroker.start(config); // the session comes back from the store, its client is offline
        Mqtt5BlockingClient admin = v5(broker, "admin-7", "admin");
        publish(admin, "private/a", false); // judged for the offline session: username alice from the store

        Mqtt5BlockingClient back = Mqtt5Client.builder().identifier("alice-p").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        clients.add(back);
        Mqtt5BlockingClient.Mqtt5Publishes in = back.publishes(MqttGlobalPublishFilter.ALL);
        back.connectWith().cleanStart(false).sessionExpiryInterval(3600).simpleAuth().username("alice")
                .applySimpleAuth().send();
        Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("queued message lost"));
        assertThat(p.getTopic().toString()).isEqualTo("private/a");
    }

    @Test
    void sharedGroupPicksOnlyMembersAllowedToReceiveTheTopic() throws Exception {
        broker.close();
        broker = TestBroker.start(c -> c.acl().rules(AclFile.parse("""
                rules = [
                  {permit = deny, username = "bob", action = subscribe, topics = ["t/secret"]}
                  {permit = allow}
                ]""", "shared")));
        Mqtt5BlockingClient alice = v5(broker, "share-alice", "alice");
        Mqtt5BlockingClient bob = v5(broker, "share-bob", "bob");
        Mqtt5BlockingClient.Mqtt5Publishes toAlice = alice.publishes(MqttGlobalPublishFilter.ALL);
        Mqtt5BlockingClient.Mqtt5Publishes toBob = bob.publishes(MqttGlobalPublishFilter.ALL);
        // bob may subscribe to the group's filter (t/secret does not cover t/#) but not receive t/secret
        alice.subscribeWith().topicFilter("$share/g/t/#").qos(MqttQos.AT_LEAST_ONCE).send();
        bob.subscribeWith().topicFilter("$share/g/t/#").qos(MqttQos.AT_LEAST_ONCE).send();
        bob.subscribeWith().topicFilter("end").send();
        alice.subscribeWith().topicFilter("end").send();
        Mqtt5BlockingClient admin = v5(broker, "share-admin", "admin");
        for (int i = 0; i < 4; i++) {
            publish(admin, "t/secret", false);
        }
        publish(admin, "end", false);
        assertThat(topicsUntil(toAlice, "end")).containsExactly("t/secret", "t/secret", "t/secret", "t/secret");
        assertThat(topicsUntil(toBob, "end")).isEmpty();
    }

    /** Paho's MQTT 5 client sees the same reason codes: PUBACK 0x87 and SUBACK 0x87. */
    @Test
    void pahoV5SeesNotAuthorized() throws Exception {
        org.eclipse.paho.mqttv5.client.MqttAsyncClient paho = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
                broker.uri(), "paho5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        o.setUserName("u5");
        paho.connect(o).waitForCompletion(5000);
        try {
            assertThat(pahoReasons(paho.publish("forbidden/p", new org.eclipse.paho.mqttv5.common.MqttMessage(
                    "x".getBytes(StandardCharsets.UTF_8), 1, false, null)))).containsExactly(0x87);
            assertThat(pahoReasons(paho.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                    new org.eclipse.paho.mqttv5.common.MqttSubscription("secret/#", 1),
                    new org.eclipse.paho.mqttv5.common.MqttSubscription("open/#", 1)}, null, null, null)))
                    .containsExactly(0x87, 1);
            assertThat(paho.isConnected()).isTrue();
        } finally {
            paho.disconnect().waitForCompletion(5000);
            paho.close();
        }
    }

    private static int[] pahoReasons(org.eclipse.paho.mqttv5.client.IMqttToken token) {
        try {
            token.waitForCompletion(5000);
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            // Paho reports an error reason code as an exception on the token; the codes stay on the token.
        }
        return token.getReasonCodes();
    }
}
