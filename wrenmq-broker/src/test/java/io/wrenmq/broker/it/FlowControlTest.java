package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.WireClient.CONNACK;
import static io.wrenmq.broker.it.WireClient.MAXIMUM_PACKET_SIZE;
import static io.wrenmq.broker.it.WireClient.PUBACK;
import static io.wrenmq.broker.it.WireClient.PUBCOMP;
import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static io.wrenmq.broker.it.WireClient.PUBREC;
import static io.wrenmq.broker.it.WireClient.PUBREL;
import static io.wrenmq.broker.it.WireClient.RECEIVE_MAXIMUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wrenmq.broker.it.WireClient.Packet;
import io.wrenmq.broker.it.WireClient.Props;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Receive Maximum and Maximum Packet Size, in both directions, checked on the wire. */
@Timeout(30)
class FlowControlTest {

    /**
     * The broker sends no more unacknowledged QoS 1/2 PUBLISH packets than the client's Receive Maximum
     * [MQTT-3.3.4-7]: with Receive Maximum 2 and no acks only 2 arrive; each ack lets one more through;
     * nothing is lost. The rest wait queued, in order [MQTT-4.6.0-5 ordering of one topic].
     */
    @Test
    void outboundWindowHonoursClientReceiveMaximum() throws Exception {
        try (TestBroker b = TestBroker.start(c -> { });
                WireClient sub = WireClient.connect(b, "rm-sub", new Props().put(RECEIVE_MAXIMUM, 2));
                WireClient pub = WireClient.connect(b, "rm-pub")) {
            assertThat(sub.subscribeAndWait(1, "rm/t", 2, new Props())).containsExactly(2);
            for (int i = 1; i <= 5; i++) {
                pub.publish("rm/t", i % 2 == 0 ? 2 : 1, i, "m" + i);
                pub.expect(i % 2 == 0 ? PUBREC : PUBACK);
                if (i % 2 == 0) {
                    pub.ack(PUBREL, i);
                    pub.expect(PUBCOMP);
                }
            }
            Packet p1 = sub.expect(PUBLISH);
            Packet p2 = sub.expect(PUBLISH);
            assertThat(List.of(p1.payloadString(), p2.payloadString())).containsExactly("m1", "m2");
            sub.expectNothing(500); // the window is full
            // m3..m5 waited for the window, and the limit counter says so (issue #5: limits enforced with counters)
            assertThat(b.broker().metrics().limits.deliveriesQueuedInflightFull.sum()).isEqualTo(3);
            sub.ack(PUBACK, p1.packetId());
            Packet p3 = sub.expect(PUBLISH);
            assertThat(p3.payloadString()).isEqualTo("m3");
            sub.expectNothing(300);
            // a QoS 2 message stays in the window until PUBCOMP, not just PUBREC
            sub.ack(PUBREC, p2.packetId());
            Packet rel = sub.expect(PUBREL);
            assertThat(rel.packetId()).isEqualTo(p2.packetId());
            sub.expectNothing(300);
            sub.ack(PUBCOMP, p2.packetId());
            Packet p4 = sub.expect(PUBLISH);
            assertThat(p4.payloadString()).isEqualTo("m4");
            sub.ack(PUBACK, p3.packetId());
            Packet p5 = sub.expect(PUBLISH);
            assertThat(p5.payloadString()).isEqualTo("m5");
        }
    }

    /**
     * The broker's own Receive Maximum goes out in CONNACK; a client that has more unreleased QoS 2
     * PUBLISH packets than that gets DISCONNECT 0x93 Receive Maximum exceeded [MQTT-3.3.4-9]. A released
     * one (PUBREL) frees its place.
     */
    @Test
    void brokerReceiveMaximumIsAdvertisedAndEnforced() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.receiveMaximum(3));
                WireClient c = WireClient.open(b, WireClient.V5)) {
            Packet connack = c.sendConnect("rmx", true, new Props());
            assertThat(connack.type).isEqualTo(CONNACK);
            assertThat(connack.props().num(RECEIVE_MAXIMUM)).isEqualTo(3);
            for (int id = 1; id <= 3; id++) {
                c.publish("rmx/t", 2, id, "m" + id);
                c.expect(PUBREC);
            }
            c.ack(PUBREL, 1);
            c.expect(PUBCOMP);
            c.publish("rmx/t", 2, 4, "m4"); // 3 unreleased again: still allowed
            c.expect(PUBREC);
            c.publish("rmx/t", 2, 5, "m5"); // the 4th unreleased one
            assertThat(c.expectDisconnect().reasonCode()).isEqualTo(0x93);
        }
    }

    /**
     * The broker's Maximum Packet Size goes out in CONNACK; a PUBLISH larger than it is answered with
     * DISCONNECT 0x95 Packet too large (section 3.2.2.3.6, [MQTT-4.13.1-1]).
     */
    @Test
    void inboundPacketAboveMaximumPacketSizeIsRefused() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxPacketSize(1024));
                WireClient c = WireClient.open(b, WireClient.V5)) {
            Packet connack = c.sendConnect("mps-in", true, new Props());
            assertThat(connack.props().num(MAXIMUM_PACKET_SIZE)).isEqualTo(1024);
            c.publish("mps/t", 1, 1, false, false, new Props(), new byte[900]); // fits
            c.expect(PUBACK);
            c.publish("mps/t", 1, 2, false, false, new Props(), new byte[2000]);
            assertThat(c.expectDisconnect().reasonCode()).isEqualTo(0x95);
        }
    }

    /**
     * A subscriber that declared a small Maximum Packet Size does not get a larger message: the broker
     * drops it for that client [MQTT-3.1.2-24, MQTT-3.1.2-25] and counts it in messagesDroppedTooLarge,
     * while a subscriber without the limit gets it; smaller messages still reach both, QoS 0 and 1.
     */
    @Test
    void outboundMessageAboveClientMaximumPacketSizeIsDroppedForThatClientOnly() throws Exception {
        try (TestBroker b = TestBroker.start(c -> { });
                WireClient small = WireClient.connect(b, "mps-small", new Props().put(MAXIMUM_PACKET_SIZE, 200));
                WireClient normal = WireClient.connect(b, "mps-normal");
                WireClient pub = WireClient.connect(b, "mps-pub")) {
            small.subscribeAndWait(1, "mps/#", 1, new Props());
            normal.subscribeAndWait(1, "mps/#", 1, new Props());
            long before = b.broker().metrics().messagesDroppedTooLarge.sum();
            List<String> sent = new ArrayList<>();
            int id = 1;
            for (int qos = 0; qos <= 1; qos++) {
                pub.publish("mps/big", qos, id, false, false, new Props(), new byte[1000]);
                pub.publish("mps/small", qos, id + 1, false, false, new Props(), ("q" + qos).getBytes());
                if (qos == 1) {
                    pub.expect(PUBACK);
                    pub.expect(PUBACK);
                }
                id += 2;
                sent.add("big" + qos);
                sent.add("small" + qos);
            }
            List<String> normalGot = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Packet p = normal.expect(PUBLISH);
                normalGot.add((p.topic().endsWith("big") ? "big" : "small") + p.qos());
                if (p.qos() == 1) {
                    normal.ack(PUBACK, p.packetId());
                }
            }
            assertThat(normalGot).isEqualTo(sent);
            for (int qos = 0; qos <= 1; qos++) {
                Packet p = small.expect(PUBLISH);
                assertThat(p.topic()).isEqualTo("mps/small");
                assertThat(p.payloadString()).isEqualTo("q" + qos);
                if (p.qos() == 1) {
                    small.ack(PUBACK, p.packetId());
                }
            }
            small.expectNothing(300);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(b.broker().metrics().messagesDroppedTooLarge.sum() - before).isEqualTo(2));
        }
    }
}
