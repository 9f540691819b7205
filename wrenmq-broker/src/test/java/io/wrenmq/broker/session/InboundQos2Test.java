package io.wrenmq.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.BrokerConfig;
import org.junit.jupiter.api.Test;

/** Exactly once on the way in: the QoS 2 packet ids awaiting PUBREL, and their store writes. */
class InboundQos2Test {

    /** A resent PUBLISH whose id still awaits PUBREL is a duplicate: it must not be routed again [MQTT-4.3.3-10]. */
    @Test
    void anIdAwaitingPubRelIsADuplicateUntilReleased() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            Session s = h.connect("in", true, 0, null, new FakeConnection("in", 10));
            InboundQos2 in = s.inboundQos2();
            assertThat(in.mark(7)).isTrue();
            assertThat(in.mark(7)).isFalse();
            assertThat(in.count()).isEqualTo(1);
            assertThat(in.store(7)).as("not a stored session: nothing to wait for").isNull();
            assertThat(in.release(7)).isTrue();
            assertThat(in.release(7)).isFalse();
            assertThat(in.mark(7)).as("after PUBREL the id is new again").isTrue();
        }
    }

    /** A persistent session stores the id (PUBREC waits for it) and removes it on PUBREL (PUBCOMP waits). */
    @Test
    void aPersistentSessionStoresTheIdsAndRestoresThem() {
        SlowStore store = new SlowStore();
        try (SessionHarness h = new SessionHarness(new BrokerConfig(), store)) {
            Session s = h.connect("pin", true, 60, null, new FakeConnection("pin", 10));
            InboundQos2 in = s.inboundQos2();
            in.mark(3);
            assertThat(in.store(3)).isNotDone();
            assertThat(in.unstore(3)).isNotDone();
            assertThat(store.writes).contains("inbound 3", "inbound released 3");

            in.restore(new int[] {4, 5});
            assertThat(in.mark(4)).as("restored ids are still awaiting PUBREL").isFalse();
            assertThat(in.count()).isEqualTo(3);
            store.commitAll();
        }
    }
}
