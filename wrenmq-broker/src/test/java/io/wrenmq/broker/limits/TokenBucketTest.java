package io.wrenmq.broker.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRefillAtTheRate() {
        TokenBucket b = new TokenBucket(new Rate(10, 3), 0);
        assertThat(b.tryTake(1, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).as("burst used up").isFalse();
        assertThat(b.tryTake(1, SECOND / 10)).as("one token after 100 ms at 10/s").isTrue();
        assertThat(b.tryTake(1, SECOND / 10)).isFalse();
        assertThat(b.tokens(100 * SECOND)).as("never more than the burst").isEqualTo(3.0);
    }

    @Test
    void debtTellsHowLongToWait() {
        TokenBucket b = new TokenBucket(new Rate(50, 10), 0);
        for (int i = 0; i < 10; i++) {
            assertThat(b.take(1, 0)).isFalse();
        }
        assertThat(b.take(5, 0)).as("in debt by 5").isTrue();
        assertThat(b.nanosUntilCredit(0)).isEqualTo(SECOND / 10); // 5 tokens at 50/s
        assertThat(b.nanosUntilCredit(SECOND / 10)).isZero();
    }

    @Test
    void defaultBurstIsOneSecondsWorth() {
        assertThat(new Rate(50, 0).capacity()).isEqualTo(50);
        assertThat(new Rate(0.5, 0).capacity()).isEqualTo(1);
        assertThat(Rate.NONE.isLimited()).isFalse();
    }
}
