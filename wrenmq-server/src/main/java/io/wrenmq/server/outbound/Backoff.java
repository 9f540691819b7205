package io.wrenmq.server.outbound;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff: retry n waits {@code initial x 2^(n-1)}, capped at {@code max}, less a random part of up to
 * {@code jitter} of it, so many senders that failed together (a database restart) do not retry in lockstep.
 *
 * @param jitter 0 (exact delays, the WebHooks) to 1
 */
public record Backoff(Duration initial, Duration max, double jitter) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + " and " + max);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be 0..1, got " + jitter);
        }
    }

    /** The delay before retry number {@code retry} (1-based). */
    public Duration delay(int retry) {
        long ms = Math.min(initial.toMillis() << Math.min(30, Math.max(0, retry - 1)), max.toMillis());
        if (jitter > 0) {
            ms -= (long) (ms * jitter * ThreadLocalRandom.current().nextDouble());
        }
        return Duration.ofMillis(ms);
    }
}
