package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.PUBACK;
import static io.wrenmq.broker.it.RawMqttClient.PUBCOMP;
import static io.wrenmq.broker.it.RawMqttClient.PUBLISH;
import static io.wrenmq.broker.it.RawMqttClient.PUBREC;
import static io.wrenmq.broker.it.RawMqttClient.PUBREL;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wrenmq.broker.BrokerStartException;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.Pub;
import io.wrenmq.broker.it.RawMqttClient.WillSpec;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent sessions, their messages and the retained messages survive a broker restart with
 * {@code persistence.type = sqlite}; clean sessions and QoS 0 never touch the store; a full store refuses
 * acknowledgements instead of lying; a damaged file stops start-up (or is moved aside when asked).
 * The crash (SIGKILL) variant runs the broker as a separate process: see the server module's crash test.
 */
@Timeout(60)
class PersistenceTest {
    private static final long HOUR = 3600;

    @TempDir
    Path dir;
    private TestBroker broker;

    private TestBroker start(Consumer<PersistenceConfig> tweak) {
        PersistenceConfig p = new PersistenceConfig().type(PersistenceConfig.Type.SQLITE)
                .path(dir.resolve("wrenmq.db")).sync(PersistenceConfig.Sync.NORMAL);
        tweak.accept(p);
        broker = TestBroker.start(c -> c.persistence(p));
        return broker;
    }

    private TestBroker start() {
        return start(p -> { });
    }

    private TestBroker restart() {
        broker.close();
        return start();
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Connects a v5 client with the given Clean Start and Session Expiry; returns it with its CONNACK. */
    private static RawMqttClient session(TestBroker b, String clientId, boolean clean, long expiry,
            List<Frame> connack) throws IOException {
        RawMqttClient c = RawMqttClient.open(b.port());
        c.send(connect(V5).clientId(clientId).clean(clean).sessionExpiry(expiry).build());
        Frame ack = c.expect(CONNACK);
        assertThat(ack.connackCode()).as("CONNACK of " + clientId).isZero();
        if (connack != null) {
            connack.add(ack);
        }
        return c;
    }

    private static RawMqttClient persistentSubscriber(TestBroker b, String clientId, String filter, int qos)
            throws IOException {
        RawMqttClient c = session(b, clientId, true, HOUR, null);
        c.subscribeAndAwait(true, 1, filter, qos);
        return c;
    }

    /** Publishes a QoS 1 message from a clean v5 client and returns the PUBACK reason code. */
    private static int publishQos1(TestBroker b, String topic, byte[] payload, boolean retain) throws IOException {
        try (RawMqttClient p = RawMqttClient.connected(b.port(), connect(V5).clientId("").build())) {
            p.send(RawMqttClient.publish(topic, 1, retain, false, 1, RawMqttClient.props(), payload));
            Frame ack = p.expect(PUBACK);
            p.send(RawMqttClient.disconnect());
            return ack.ackReason();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void queuedMessagesAndSubscriptionsSurviveARestart() throws Exception {
        start();
        persistentSubscriber(broker, "sub", "t/#", 1).close();
        for (int i = 0; i < 5; i++) {
            assertThat(publishQos1(broker, "t/" + i, bytes("m" + i), false)).isZero();
        }
        restart();
        List<Frame> connack = new ArrayList<>();
        try (RawMqttClient sub = session(broker, "sub", false, HOUR, connack)) {
            assertThat(connack.get(0).sessionPresent()).as("session present after restart [MQTT-3.2.2-2]").isTrue();
            for (int i = 0; i < 5; i++) {
                Pub p = sub.expect(PUBLISH).publish(true);
                assertThat(p.payloadString()).isEqualTo("m" + i);
                assertThat(p.topic()).isEqualTo("t/" + i);
                sub.send(RawMqttClient.ack(PUBACK, p.packetId()));
            }
            // The subscription came back too: a new message reaches the session.
            assertThat(publishQos1(broker, "t/new", bytes("after"), false)).isZero();
            Pub p = sub.expect(PUBLISH).publish(true);
            assertThat(p.payloadString()).isEqualTo("after");
            sub.send(RawMqttClient.ack(PUBACK, p.packetId()));
            sub.send(RawMqttClient.disconnect());
            // The broker closes the socket only after it has read the PUBACK before the DISCONNECT; restarting
            // earlier could stop it before it read them, and then a DUP resend would be the right outcome.
            sub.expectClosed();
        }
        restart();
        try (RawMqttClient sub = session(broker, "sub", false, HOUR, null)) {
            sub.expectSilence(Duration.ofMillis(500)); // acknowledged messages are gone from the store
        }
    }

    /**
     * The stored copy for an offline persistent session carries each distinct Subscription Identifier once, like a
     * live one [MQTT-3.3.4-3]: two filters of one SUBSCRIBE (one identifier) both match; read back after a restart.
     */
    @Test
    void storedDeliveryCarriesASharedSubscriptionIdentifierOnce_MQTT_3_3_4_3() throws Exception {
        start();
        try (RawMqttClient sub = session(broker, "sid", true, HOUR, null)) {
            sub.send(new RawMqttClient.Packet(0x82).u16(1).props(RawMqttClient.props().u8(0x0B, 7))
                    .str("s/+").u8(1).str("s/b").u8(1).build());
            assertThat(sub.expect(RawMqttClient.SUBACK).subackCodes(true)).containsExactly(1, 1);
        }
        assertThat(publishQos1(broker, "s/b", bytes("stored"), false)).isZero();
        restart();
        try (RawMqttClient sub = session(broker, "sid", false, HOUR, null)) {
            Pub p = sub.expect(PUBLISH).publish(true);
            assertThat(p.payloadString()).isEqualTo("stored");
            assertThat(p.props().all(0x0B)).containsExactly(7L);
            sub.send(RawMqttClient.ack(PUBACK, p.packetId()));
            sub.expectSilence(Duration.ofMillis(300)); // one copy
        }
    }

    @Test
    void inFlightQos1IsResentWithDupAndTheSamePacketIdAfterARestart() throws Exception {
        start();
        RawMqttClient sub = persistentSubscriber(broker, "sub", "t", 1);
        assertThat(publishQos1(broker, "t", bytes("x"), false)).isZero();
        Pub first = sub.expect(PUBLISH).publish(true);
        assertThat(first.dup()).isFalse();
        sub.close(); // never acknowledged
        restart();
        try (RawMqttClient again = session(broker, "sub", false, HOUR, null)) {
            Pub resent = again.expect(PUBLISH).publish(true);
            assertThat(resent.dup()).as("DUP on redelivery [MQTT-4.4.0-1]").isTrue();
            assertThat(resent.packetId()).isEqualTo(first.packetId());
            assertThat(resent.payloadString()).isEqualTo("x");
        }
    }

    @Test
    void qos2AfterPubrecTheRestartResendsPubrelNotThePublish() throws Exception {
        start();
        RawMqttClient sub = persistentSubscriber(broker, "sub", "t", 2);
        assertThat(publishQos1(broker, "t", bytes("once"), false)).isZero(); // delivered at QoS 1 (min)
        Pub q1 = sub.expect(PUBLISH).publish(true);
        sub.send(RawMqttClient.ack(PUBACK, q1.packetId()));
        try (RawMqttClient p = RawMqttClient.connected(broker.port(), connect(V5).clientId("").build())) {
            p.send(RawMqttClient.publish("t", 2, false, false, 9, RawMqttClient.props(), bytes("two")));
            p.expect(PUBREC);
            p.send(RawMqttClient.ack(PUBREL, 9));
            p.expect(PUBCOMP);
        }
        Pub q2 = sub.expect(PUBLISH).publish(true);
        assertThat(q2.qos()).isEqualTo(2);
        sub.send(RawMqttClient.ack(PUBREC, q2.packetId()));
        assertThat(sub.expect(PUBREL).packetId()).isEqualTo(q2.packetId());
        sub.close(); // no PUBCOMP
        restart();
        try (RawMqttClient again = session(broker, "sub", false, HOUR, null)) {
            Frame f = again.expect(PUBREL);
            assertThat(f.packetId()).as("PUBREL resent, not the PUBLISH [MQTT-4.4.0-1]").isEqualTo(q2.packetId());
            again.send(RawMqttClient.ack(PUBCOMP, q2.packetId()));
            again.expectSilence(Duration.ofMillis(500));
        }
    }

    @Test
    void inboundQos2AwaitingPubrelIsNotRoutedAgainAfterARestart() throws Exception {
        start();
        persistentSubscriber(broker, "sub", "t", 2).close();
        RawMqttClient pub = session(broker, "pub", true, HOUR, null);
        pub.send(RawMqttClient.publish("t", 2, false, false, 7, RawMqttClient.props(), bytes("exactly-once")));
        pub.expect(PUBREC);
        pub.close(); // the broker has the message; PUBREL never sent
        restart();
        List<Frame> connack = new ArrayList<>();
        try (RawMqttClient again = session(broker, "pub", false, HOUR, connack)) {
            assertThat(connack.get(0).sessionPresent()).isTrue();
            // The client resends the PUBLISH with DUP: acknowledged, not routed a second time [MQTT-4.3.3-10].
            again.send(RawMqttClient.publish("t", 2, false, true, 7, RawMqttClient.props(), bytes("exactly-once")));
            again.expect(PUBREC);
            again.send(RawMqttClient.ack(PUBREL, 7));
            again.expect(PUBCOMP);
        }
        try (RawMqttClient sub = session(broker, "sub", false, HOUR, null)) {
            Pub p = sub.expect(PUBLISH).publish(true);
            assertThat(p.payloadString()).isEqualTo("exactly-once");
            sub.send(RawMqttClient.ack(PUBREC, p.packetId()));
            sub.expect(PUBREL);
            sub.send(RawMqttClient.ack(PUBCOMP, p.packetId()));
            sub.expectSilence(Duration.ofMillis(700)); // exactly one copy
        }
    }

    @Test
    void retainedMessagesSurviveARestartAndClearedOnesStayCleared() throws Exception {
        start();
        assertThat(publishQos1(broker, "r/1", bytes("one"), true)).as("no subscribers yet").isEqualTo(0x10);
        try (RawMqttClient p = RawMqttClient.connected(broker.port(), connect(V311).clientId("q0").build())) {
            p.send(RawMqttClient.publish("r/2", 0, true, false, 0, null, bytes("two")));
            p.send(RawMqttClient.publish("r/3", 0, true, false, 0, null, bytes("three")));
            p.send(RawMqttClient.publish("r/3", 0, true, false, 0, null, new byte[0])); // clears r/3 [MQTT-3.3.1-6]
            p.send(RawMqttClient.pingreq());
            p.expect(RawMqttClient.PINGRESP);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().metrics().storeWrites.sum() >= 4);
        restart();
        try (RawMqttClient s = RawMqttClient.connected(broker.port(), connect(V5).clientId("s").build())) {
            s.send(RawMqttClient.subscribe(true, 1, "r/#", 1));
            s.expect(RawMqttClient.SUBACK);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Pub p = s.expect(PUBLISH).publish(true);
                assertThat(p.retain()).isTrue();
                got.add(p.topic() + "=" + p.payloadString());
                if (p.qos() == 1) {
                    s.send(RawMqttClient.ack(PUBACK, p.packetId()));
                }
            }
            assertThat(got).containsExactlyInAnyOrder("r/1=one", "r/2=two");
            s.expectSilence(Duration.ofMillis(500));
        }
    }

    /**
     * Connects {@code clientId} with a will on will/{@code clientId} (Will Delay Interval {@code willDelay}), then
     * drops the connection without DISCONNECT and waits until the broker has noticed.
     */
    private void dropWithWill(String clientId, long expiry, String payload, long willDelay) throws IOException {
        RawMqttClient c = RawMqttClient.open(broker.port());
        c.send(connect(V5).clientId(clientId).sessionExpiry(expiry)
                .will(WillSpec.of("will/" + clientId, payload, 1, false)
                        .withProps(RawMqttClient.props().u32(0x18, willDelay)))
                .build());
        c.expect(CONNACK);
        c.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().sessions().get(clientId) != null
                && !broker.broker().sessions().get(clientId).isOnline());
    }

    @Test
    void aSessionThatExpiredWhileTheBrokerWasDownIsPurgedAndItsWillSent() throws Exception {
        start();
        persistentSubscriber(broker, "watch", "will/#", 1).close();
        dropWithWill("gone", 2, "bye", 3600); // the will waits for the session's end (delay above the expiry)
        broker.close();
        Thread.sleep(2_300); // the session expires while the broker is down
        start();
        List<Frame> connack = new ArrayList<>();
        try (RawMqttClient again = session(broker, "gone", false, 2, connack)) {
            assertThat(connack.get(0).sessionPresent()).as("expired session purged").isFalse();
        }
        try (RawMqttClient watch = session(broker, "watch", false, HOUR, null)) {
            Pub will = watch.expect(PUBLISH).publish(true);
            assertThat(will.topic()).isEqualTo("will/gone");
            assertThat(will.payloadString()).isEqualTo("bye");
        }
    }

    @Test
    void aPendingWillDelayResumesAfterARestart() throws Exception {
        start();
        persistentSubscriber(broker, "watch", "will/#", 1).close();
        dropWithWill("late", HOUR, "late", 2);
        restart(); // well within the 2 s Will Delay Interval
        try (RawMqttClient watch = session(broker, "watch", false, HOUR, null)) {
            Frame f = watch.read(Duration.ofSeconds(10));
            assertThat(f.type()).isEqualTo(PUBLISH);
            Pub will = f.publish(true);
            assertThat(will.topic()).isEqualTo("will/late");
        }
    }

    @Test
    void reconnectingBeforeARestoredWillDelayEndsCancelsTheWill() throws Exception {
        start();
        persistentSubscriber(broker, "watch", "will/#", 1).close();
        dropWithWill("late", HOUR, "late", 3);
        restart();
        List<Frame> connack = new ArrayList<>();
        try (RawMqttClient back = session(broker, "late", false, HOUR, connack)) {
            assertThat(connack.get(0).sessionPresent()).isTrue();
            try (RawMqttClient watch = session(broker, "watch", false, HOUR, null)) {
                watch.expectSilence(Duration.ofSeconds(4)); // the will was cancelled [MQTT-3.1.3-9]
            }
        }
    }

    @Test
    void cleanSessionsAndQos0TrafficNeverTouchTheStore() throws Exception {
        start();
        BrokerMetrics m = broker.broker().metrics();
        RawMqttClient persistentQos0 = persistentSubscriber(broker, "p0", "q0/#", 0);
        persistentSubscriber(broker, "sentinel", "sentinel", 1).close();
        RawMqttClient clean = RawMqttClient.connected(broker.port(), connect(V5).clientId("clean").build());
        clean.subscribeAndAwait(true, 1, "c/#", 1);
        // Everything so far is committed once a gated write is: PUBACK of a message for a persistent session.
        assertThat(publishQos1(broker, "sentinel", bytes("s1"), false)).isZero();
        long before = m.storeWrites.sum();

        try (RawMqttClient p = RawMqttClient.connected(broker.port(), connect(V5).clientId("").build())) {
            for (int i = 0; i < 20; i++) {
                p.send(RawMqttClient.publish("q0/" + i, 0, false, false, 0, RawMqttClient.props(), bytes("zero")));
                p.send(RawMqttClient.publish("c/" + i, 1, false, false, i + 1, RawMqttClient.props(), bytes("one")));
                p.expect(PUBACK);
            }
        }
        for (int i = 0; i < 20; i++) {
            assertThat(persistentQos0.expect(PUBLISH).publish(true).qos()).isZero();
            Pub c = clean.expect(PUBLISH).publish(true);
            clean.send(RawMqttClient.ack(PUBACK, c.packetId()));
        }
        for (int i = 0; i < 5; i++) { // clean sessions coming and going
            RawMqttClient.connected(broker.port(), connect(V311).clientId("c" + i).build()).close();
        }
        // The $SYS tree (retained, republished every second here) is the broker's own: never stored.
        String uptimeTopic = "$SYS/brokers/" + broker.broker().config().nodeName() + "/uptime";
        byte[] uptime = broker.broker().router().retainedStore().get(uptimeTopic).payload();
        await().atMost(Duration.ofSeconds(5)).until(() -> !java.util.Arrays.equals(uptime,
                broker.broker().router().retainedStore().get(uptimeTopic).payload()));
        assertThat(publishQos1(broker, "sentinel", bytes("s2"), false)).isZero();
        assertThat(m.storeWrites.sum()).as("only the second sentinel message was written").isEqualTo(before + 1);
        persistentQos0.close();
        clean.close();
    }

    @Test
    void aFullStoreRefusesWithQuotaExceededAndTheBrokerKeepsRunning() throws Exception {
        start(p -> p.maxSizeBytes(256 * 1024));
        persistentSubscriber(broker, "sub", "full/#", 1).close();
        byte[] payload = new byte[16 * 1024];
        new Random(1).nextBytes(payload);
        int accepted = 0;
        int refusedAt = -1;
        for (int i = 0; i < 100 && refusedAt < 0; i++) {
            int rc = publishQos1(broker, "full/" + i, payload, false);
            if (rc == 0x97) {
                refusedAt = i;
            } else {
                assertThat(rc).isZero();
                accepted++;
            }
        }
        assertThat(refusedAt).as("a publish was refused with 0x97 Quota exceeded").isPositive();
        BrokerMetrics m = broker.broker().metrics();
        assertThat(m.storeErrors.sum()).isPositive();
        assertThat(m.publishesRefusedStoreFailure.sum()).isPositive();

        // MQTT 3.1.1 has no negative PUBACK: the connection is closed instead of a false acknowledgement.
        try (RawMqttClient v3 = RawMqttClient.connected(broker.port(), connect(V311).clientId("v3").build())) {
            v3.send(RawMqttClient.publish("full/v3", 1, false, false, 1, null, payload));
            List<Frame> before = v3.expectClosed(Duration.ofSeconds(5));
            assertThat(before).noneMatch(f -> f.type() == PUBACK);
        }
        // The broker keeps serving; every acknowledged message reaches the subscriber.
        try (RawMqttClient sub = session(broker, "sub", false, HOUR, null)) {
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < accepted; i++) {
                Pub p = sub.expect(PUBLISH).publish(true);
                topics.add(p.topic());
                sub.send(RawMqttClient.ack(PUBACK, p.packetId()));
            }
            for (int i = 0; i < accepted; i++) {
                assertThat(topics).contains("full/" + i);
            }
        }
    }

    @Test
    void aCorruptDatabaseStopsStartUpNamingTheFile() throws Exception {
        Path db = dir.resolve("wrenmq.db");
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(db, garbage);
        assertThatThrownBy(this::start).isInstanceOf(BrokerStartException.class)
                .hasMessageContaining(db.toString());
        broker = null;
        assertThat(Files.readAllBytes(db)).as("the file is left as it was").isEqualTo(garbage);
    }

    @Test
    void moveAsideStartsEmptyAndKeepsTheDamagedFile() throws Exception {
        Path db = dir.resolve("wrenmq.db");
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(db, garbage);
        start(p -> p.corruptFile(PersistenceConfig.CorruptFile.MOVE_ASIDE));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("wrenmq.db.corrupt-"));
        }
        persistentSubscriber(broker, "sub", "t", 1).close();
        assertThat(publishQos1(broker, "t", bytes("fresh"), false)).isZero();
        restart();
        try (RawMqttClient sub = session(broker, "sub", false, HOUR, null)) {
            assertThat(sub.expect(PUBLISH).publish(true).payloadString()).isEqualTo("fresh");
        }
    }
}
