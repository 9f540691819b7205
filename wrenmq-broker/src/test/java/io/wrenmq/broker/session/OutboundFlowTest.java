package io.wrenmq.broker.session;

import static io.wrenmq.broker.session.SessionHarness.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.session.OnlineQueueFull;
import io.wrenmq.broker.session.QueueDropPolicy;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.codec.MqttVersion;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The outbound flow of a session against a fake connection: window, queue, acknowledgements, resends, drops. */
class OutboundFlowTest {

    private static void deliver(Session s, int qos, String... topics) {
        for (String t : topics) {
            s.deliver(message(t, qos, "payload of " + t), qos, false, null);
        }
    }

    /** At most Receive Maximum QoS 1/2 PUBLISH unacknowledged [MQTT-3.3.4-7]; the rest waits in order. */
    @Test
    void sendsUpToTheReceiveMaximumAndTheRestInOrderAsAcknowledgementsFreeTheWindow() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("w", 2);
            Session s = h.connect("w", true, 0, null, conn);
            deliver(s, 1, "a", "b", "c", "d", "e");
            assertThat(conn.topics()).containsExactly("a", "b");
            assertThat(s.queuedCount()).isEqualTo(3);
            assertThat(s.inflightCount()).isEqualTo(2);

            assertThat(s.outbound().onPubAck(1)).isTrue();
            assertThat(conn.topics()).containsExactly("a", "b", "c");
            s.outbound().onPubAck(2);
            s.outbound().onPubAck(3);
            assertThat(conn.topics()).containsExactly("a", "b", "c", "d", "e");
            assertThat(conn.packetIds()).containsExactly(1, 2, 3, 4, 5);
            assertThat(conn.published).noneMatch(FakeConnection.Sent::dup);
            assertThat(s.queuedCount()).isZero();
            assertThat(h.metrics.limits.deliveriesQueuedInflightFull.sum()).isEqualTo(3);
        }
    }

    /** mqtt.max_inflight_window bounds the window below a large Receive Maximum. */
    @Test
    void theBrokersInflightWindowBoundsALargeReceiveMaximum() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig().maxInflightWindow(1))) {
            FakeConnection conn = new FakeConnection("w1", 100);
            Session s = h.connect("w1", true, 0, null, conn);
            deliver(s, 2, "a", "b");
            assertThat(conn.topics()).containsExactly("a");
            assertThat(s.queuedCount()).isEqualTo(1);
        }
    }

    @Test
    void aPubAckFreesOnlyAQos1PacketIdInFlight() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("acks", 10);
            Session s = h.connect("acks", true, 0, null, conn);
            deliver(s, 2, "two");
            assertThat(s.outbound().onPubAck(99)).isFalse();
            assertThat(s.outbound().onPubAck(1)).as("PUBACK for a QoS 2 id").isFalse();
            assertThat(s.inflightCount()).isEqualTo(1);
        }
    }

    /** QoS 2: PUBLISH, PUBREC, PUBREL, PUBCOMP [MQTT-4.3.3-3, MQTT-4.3.3-5]; a repeated PUBREC gets PUBREL again. */
    @Test
    void qos2GoesThroughPubRecPubRelPubComp() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("q2", 10);
            Session s = h.connect("q2", true, 0, null, conn);
            deliver(s, 2, "x");
            assertThat(conn.packetIds()).containsExactly(1);
            assertThat(s.outbound().onPubComp(1)).as("PUBCOMP before PUBREL").isFalse();
            assertThat(s.outbound().onPubRec(1, false)).isTrue();
            assertThat(conn.pubrels).containsExactly(1);
            assertThat(s.outbound().onPubRec(1, false)).isTrue();
            assertThat(conn.pubrels).containsExactly(1, 1);
            assertThat(s.outbound().onPubAck(1)).as("PUBACK for a QoS 2 id").isFalse();
            assertThat(s.outbound().onPubComp(1)).isTrue();
            assertThat(s.inflightCount()).isZero();
            assertThat(s.outbound().onPubComp(1)).isFalse();
        }
    }

    /** A PUBREC with a failure reason code ends the flow: no PUBREL, and the id and window slot are free again. */
    @Test
    void aFailedPubRecEndsTheFlowAndTheNextMessageGoes() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("fail", 1);
            Session s = h.connect("fail", true, 0, null, conn);
            deliver(s, 2, "x", "y");
            assertThat(s.outbound().onPubRec(1, true)).isTrue();
            assertThat(conn.pubrels).isEmpty();
            assertThat(conn.topics()).containsExactly("x", "y");
            assertThat(s.inflightCount()).isEqualTo(1);
        }
    }

    /**
     * On reconnect with the session present, what was in flight is resent first, PUBLISH with DUP under the same
     * packet id, PUBREL for what had its PUBREC [MQTT-4.4.0-1]; then the queue, in order.
     */
    @Test
    void resumeResendsInFlightWithDupThenTheQueue() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection first = new FakeConnection("dup", 2);
            Session s = h.connect("dup", true, 60, null, first);
            deliver(s, 1, "a");
            deliver(s, 2, "b");
            deliver(s, 1, "c");
            s.outbound().onPubRec(2, false);
            h.disconnect(s, first, false);
            deliver(s, 1, "d");

            FakeConnection second = new FakeConnection("dup", 2);
            assertThat(h.connect("dup", false, 60, null, second)).isSameAs(s);
            assertThat(second.published).containsExactly(new FakeConnection.Sent("a", "payload of a", 1, 1, true));
            assertThat(second.pubrels).containsExactly(2);
            s.outbound().onPubAck(1);
            s.outbound().onPubComp(2);
            assertThat(second.topics()).containsExactly("a", "c", "d");
            assertThat(second.published.subList(1, 3)).noneMatch(FakeConnection.Sent::dup);
            assertThat(second.packetIds()).containsExactly(1, 3, 4);
        }
    }

    /** MQTT 3.x: unacknowledged messages are resent with DUP after mqtt.retry_interval; after PUBREC, the PUBREL. */
    @Test
    void retryResendsUnacknowledgedMessagesWithDup() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection(ClientIdentity.ofClientId("v3"), 10, MqttVersion.V3_1_1);
            Session s = h.connect("v3", true, 0, null, conn);
            deliver(s, 1, "one");
            deliver(s, 2, "two");
            s.outbound().onPubRec(2, false);
            s.outbound().retryUnacknowledged(0);
            assertThat(conn.published).containsExactly(new FakeConnection.Sent("one", "payload of one", 1, 1, false),
                    new FakeConnection.Sent("two", "payload of two", 2, 2, false),
                    new FakeConnection.Sent("one", "payload of one", 1, 1, true));
            assertThat(conn.pubrels).containsExactly(2, 2);
            s.outbound().retryUnacknowledged(Long.MAX_VALUE);
            assertThat(conn.published).hasSize(3);
        }
    }

    @Test
    void qos0GoesOutAtOnceUnlessTheSocketIsFullAndIsNotQueuedForAnAbsentClient() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("q0", 1);
            Session s = h.connect("q0", true, 60, null, conn);
            deliver(s, 1, "held"); // fills the window: QoS 0 does not wait for it
            deliver(s, 0, "now");
            assertThat(conn.topics()).containsExactly("held", "now");
            conn.writable = false;
            deliver(s, 0, "lost");
            assertThat(h.metrics.messagesDroppedBackpressure.sum()).isEqualTo(1);
            h.disconnect(s, conn, false);
            deliver(s, 0, "away");
            assertThat(s.queuedCount()).isZero();
        }
        try (SessionHarness h = new SessionHarness(new BrokerConfig().mqueueStoreQos0(true))) {
            FakeConnection conn = new FakeConnection("q0s", 1);
            Session s = h.connect("q0s", true, 60, null, conn);
            h.disconnect(s, conn, false);
            deliver(s, 0, "away");
            assertThat(s.queuedCount()).as("mqtt.mqueue_store_qos0 = true").isEqualTo(1);
        }
    }

    /** mqtt.mqueue_drop: a full queue of an absent client drops the new message, or the oldest queued one. */
    @ParameterizedTest
    @EnumSource(QueueDropPolicy.class)
    void aFullQueueDropsAsTheDropPolicySays(QueueDropPolicy policy) {
        try (SessionHarness h = new SessionHarness(new BrokerConfig().maxMqueueLen(3).mqueueDropPolicy(policy))) {
            FakeConnection conn = new FakeConnection("full", 10);
            Session s = h.connect("full", true, 60, null, conn);
            h.disconnect(s, conn, false);
            deliver(s, 1, "m1", "m2", "m3", "m4", "m5");
            assertThat(s.queuedCount()).isEqualTo(3);
            assertThat(h.metrics.messagesDroppedQueueFull.sum()).isEqualTo(2);

            FakeConnection back = new FakeConnection("full", 10);
            h.connect("full", false, 60, null, back);
            assertThat(back.topics()).isEqualTo(policy == QueueDropPolicy.DROP_OLDEST
                    ? List.of("m3", "m4", "m5") : List.of("m1", "m2", "m3"));
        }
    }

    @Test
    void anExpiredMessageIsDroppedAndAnOversizedOneIsSkipped() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("exp", 10);
            conn.tooLargeTopic = "big";
            Session s = h.connect("exp", true, 0, null, conn);
            s.deliver(message("old", 1, "x", 1), 1, false, null); // Message Expiry passed [MQTT-3.3.2-5]
            deliver(s, 1, "big", "next");
            assertThat(conn.topics()).containsExactly("next");
            assertThat(conn.packetIds()).containsExactly(2);
            assertThat(s.inflightCount()).isEqualTo(1);
            assertThat(h.metrics.messagesDroppedExpired.sum()).isEqualTo(1);
            assertThat(h.metrics.messagesDroppedTooLarge.sum()).isEqualTo(1);
        }
    }

    /**
     * Exactly once across a restart [MQTT-4.3.3-1]: for a persistent session, a QoS 2 PUBLISH leaves only once the
     * store has committed its packet id, and the PUBREL only once "released" is committed.
     */
    @Test
    void aPersistentQos2DeliveryWaitsForTheStoreBeforeEachStep() {
        SlowStore store = new SlowStore();
        try (SessionHarness h = new SessionHarness(new BrokerConfig(), store)) {
            FakeConnection conn = new FakeConnection("p2", 10);
            Session s = h.connect("p2", true, 60, null, conn);
            assertThat(s.isDurable()).isTrue();
            deliver(s, 2, "x");
            assertThat(store.writes).contains("message 1", "inflight 1 as 1");
            assertThat(conn.published).isEmpty();
            assertThat(s.outbound().onPubRec(1, false)).as("a stray PUBREC while the PUBLISH waits").isTrue();

            store.commitAll();
            h.clock.runPendingTasks();
            assertThat(conn.packetIds()).containsExactly(1);
            s.outbound().onPubRec(1, false);
            assertThat(store.writes).contains("released 1");
            assertThat(conn.pubrels).isEmpty();
            assertThat(s.outbound().onPubComp(1)).as("PUBCOMP before the PUBREL went out").isFalse();

            store.commitAll();
            h.clock.runPendingTasks();
            assertThat(conn.pubrels).containsExactly(1);
            assertThat(s.outbound().onPubComp(1)).isTrue();
            assertThat(store.writes).endsWith("done 1");
        }
    }

    /**
     * mqtt.online_queue_full = backpressure: a connected client's full queue turns the session congested (publishers
     * pause, its own connection keeps reading) until the queue is down to half; a waiting publisher is then resumed.
     */
    @Test
    void aFullQueueOfAConnectedClientHoldsItsPublishersUntilItDrainsToHalf() {
        BrokerConfig config = new BrokerConfig().maxMqueueLen(2).onlineQueueFull(OnlineQueueFull.BACKPRESSURE);
        try (SessionHarness h = new SessionHarness(config)) {
            FakeConnection conn = new FakeConnection("slow", 1);
            Session s = h.connect("slow", true, 0, null, conn);
            deliver(s, 1, "a", "b", "c");
            assertThat(s.isCongested()).isTrue();
            assertThat(conn.congestedCalls).isEqualTo(1);
            deliver(s, 1, "d"); // on its way when the publisher paused: kept above the limit
            assertThat(s.queuedCount()).isEqualTo(3);
            boolean[] resumed = new boolean[1];
            s.whenDrained(h.clock.eventLoop(), () -> resumed[0] = true);
            h.clock.runPendingTasks();
            assertThat(resumed[0]).isFalse();

            s.outbound().onPubAck(1); // b goes out: 2 queued, above half
            h.clock.runPendingTasks();
            assertThat(s.isCongested()).isTrue();
            s.outbound().onPubAck(2); // c goes out: 1 queued = half
            h.clock.runPendingTasks();
            assertThat(s.isCongested()).isFalse();
            assertThat(resumed[0]).isTrue();
            assertThat(h.metrics.messagesDroppedQueueFull.sum()).isZero();
        }
    }

    /** Packet ids cycle through 1..65535 and skip the ones in flight [MQTT-2.2.1-3]. */
    @Test
    void packetIdsSkipTheOnesStillInFlight() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig().maxInflightWindow(65535))) {
            FakeConnection conn = new FakeConnection("ids", 65535);
            Session s = h.connect("ids", true, 0, null, conn);
            deliver(s, 1, "first");
            IntStream.range(0, 65534).forEach(i -> {
                deliver(s, 1, "t");
                if (i < 65533) {
                    s.outbound().onPubAck(i + 2);
                }
            });
            // ids 2..65534 were acknowledged, 1 and 65535 are in flight: the next id wraps to 2, skipping 1
            deliver(s, 1, "wrapped");
            assertThat(conn.packetIds().get(conn.packetIds().size() - 1)).isEqualTo(2);
        }
    }
}
