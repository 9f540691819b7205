package io.wrenmq.server.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Five failures from one address within a minute lock it out for five minutes; others are not affected. */
class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(5_000_000);
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(1), Duration.ofMinutes(5), now::get);

    @Test
    void theFifthFailureWithinTheWindowLocksTheAddressOut() {
        for (int i = 0; i < 4; i++) {
            throttle.failure("10.0.0.1");
            now.addAndGet(1000);
        }
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
        throttle.failure("10.0.0.1");
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(300);
        assertThat(throttle.retryAfterSeconds("10.0.0.2")).isZero();

        now.addAndGet(Duration.ofMinutes(4).toMillis() + 500);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(60); // rounded up
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotAddUp() {
        for (int i = 0; i < 10; i++) {
            throttle.failure("10.0.0.1");
            now.addAndGet(Duration.ofSeconds(20).toMillis()); // 3 per minute at most
        }
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failure("10.0.0.1");
        }
        throttle.success("10.0.0.1");
        throttle.failure("10.0.0.1");
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
    }

    @Test
    void staleAddressesAreDroppedWhenTheMapIsFull() {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES; i++) {
            throttle.failure("a" + i);
        }
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        throttle.failure("new");
        throttle.failure("a0");
        // a0's old failure was dropped with the rest: it counts one now, not two.
        for (int i = 0; i < 3; i++) {
            throttle.failure("a0");
        }
        assertThat(throttle.retryAfterSeconds("a0")).isZero();
        throttle.failure("a0");
        assertThat(throttle.retryAfterSeconds("a0")).isPositive();
    }
}
