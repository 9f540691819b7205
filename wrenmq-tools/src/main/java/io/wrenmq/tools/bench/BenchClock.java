package io.wrenmq.tools.bench;

import java.time.Instant;

/**
 * The send-time clock of the payload header. When one process runs both sides ({@code bench pubsub}) it is
 * {@link System#nanoTime()}: monotonic and exact. Separate {@code bench pub} and {@code bench sub} processes
 * need a shared time base, so they use epoch nanoseconds: {@link Instant#now()} read once at start-up plus the
 * monotonic clock's progress since (no allocation per message). Cross-process latency is then only as good as
 * the two processes' readings of the system clock (microseconds on Linux, coarser elsewhere).
 */
enum BenchClock {
    MONOTONIC {
        @Override
        long now() {
            return System.nanoTime();
        }
    },
    EPOCH {
        @Override
        long now() {
            return EPOCH_OFFSET + System.nanoTime();
        }
    };

    private static final long EPOCH_OFFSET;

    static {
        Instant i = Instant.now();
        EPOCH_OFFSET = i.getEpochSecond() * 1_000_000_000L + i.getNano() - System.nanoTime();
    }

    abstract long now();
}
