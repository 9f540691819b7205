package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two small pieces of arithmetic: packet identifier allocation and reconnect backoff. */
class PacketIdsAndBackoffTest {

    /** [MQTT-2.2.1-3]: ids are non-zero and unique while in use; all 65535 can be taken, then none. */
    @Test
    void packetIdsAreUniqueNonZeroAndRecycled() {
        PacketIds ids = new PacketIds();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 65535; i++) {
            int id = ids.allocate();
            assertThat(id).isBetween(1, 65535);
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(ids.allocate()).isZero();
        ids.release(300);
        assertThat(ids.allocate()).isEqualTo(300);
        ids.release(5);
        ids.release(6);
        assertThat(ids.inUse()).isEqualTo(65533);
    }

    @Test
    void freedIdIsNotReusedAtOnce() {
        PacketIds ids = new PacketIds();
        int a = ids.allocate();
        ids.release(a);
        assertThat(ids.allocate()).isNotEqualTo(a);
    }

    @Test
    void backoffDoublesUpToTheCapWithJitter() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        long[] bases = {100, 200, 400, 800, 1600, 2000, 2000};
        for (long base : bases) {
            long ms = Duration.ofNanos(b.nextDelayNanos()).toMillis();
            assertThat(ms).isBetween(base / 2, base);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(b.nextDelayNanos()).isBetween(Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(2).toNanos());
        }
        b.reset();
        assertThat(Duration.ofNanos(b.nextDelayNanos()).toMillis()).isBetween(50L, 100L);
    }
}
