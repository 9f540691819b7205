package io.wrenmq.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnect attempts: initial * 2^attempt, capped at max, then randomised to 50-100% of that
 * ("equal jitter") so that many clients cut off by one broker restart do not all come back in the same
 * millisecond. Event-loop confined.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private int attempt;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The delay before the next attempt, in nanoseconds; each call doubles the base. */
    long nextDelayNanos() {
        long base = attempt >= 62 || initialNanos > (maxNanos >> Math.min(attempt, 62))
                ? maxNanos : Math.min(maxNanos, initialNanos << attempt);
        attempt++;
        long half = base / 2;
        return half + ThreadLocalRandom.current().nextLong(base - half + 1);
    }

    void reset() {
        attempt = 0;
    }
}
