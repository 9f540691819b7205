package io.wrenmq.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void withoutJitterEachRetryDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0);
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.delay(9)).isEqualTo(Duration.ofMillis(25_600));
        assertThat(b.delay(10)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delay(1000)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
    }

    @RepeatedTest(20)
    void jitterTakesOffAtMostItsShare() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.25);
        assertThat(b.delay(3).toMillis()).isBetween(300L, 400L);
        assertThat(b.delay(20).toMillis()).isBetween(22_500L, 30_000L);
    }

    @Test
    void badRangesAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLogThrottleOpensOncePerInterval() {
        AtomicLong now = new AtomicLong(5);
        LogThrottle gate = new LogThrottle(1_000, now::get);
        assertThat(gate.due()).isTrue();
        assertThat(gate.due()).isFalse();
        now.addAndGet(999_999_999L);
        assertThat(gate.due()).isFalse();
        now.addAndGet(1);
        assertThat(gate.due()).isTrue();
        assertThat(gate.due()).isFalse();
    }
}
