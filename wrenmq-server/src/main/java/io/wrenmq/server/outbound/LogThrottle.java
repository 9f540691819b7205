package io.wrenmq.server.outbound;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Opens at most once per interval: a target that stays down must not write one warning per event or per retry.
 * Callers count what happened meanwhile and say it in the line they write when the gate opens. Lock-free.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);

    public LogThrottle(long intervalMillis) {
        this(intervalMillis, System::nanoTime);
    }

    LogThrottle(long intervalMillis, LongSupplier nanoClock) {
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nanoClock = nanoClock;
    }

    /** True the first time and then once each interval; one caller wins when several race. */
    public boolean due() {
        long now = nanoClock.getAsLong();
        long next = nextAt.get();
        return (next == Long.MIN_VALUE || now - next >= 0) && nextAt.compareAndSet(next, now + intervalNanos);
    }
}
