package io.wrenmq.broker.transport;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs at most one line per interval and says how many were left out: a flood of bad handshakes from a
 * scanner must not flood the log. Lock-free; called from any event loop. Public for the server's gateways.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();
    private final LongSupplier nanoClock;

    public RateLimitedLog(Logger log, long intervalMillis) {
        this(log, intervalMillis, System::nanoTime);
    }

    RateLimitedLog(Logger log, long intervalMillis, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nanoClock = nanoClock;
    }

    /** Logs {@code message} at INFO (with the count left out since the last line), or counts it. */
    public void info(String message) {
        long now = nanoClock.getAsLong();
        long next = nextAt.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAt.compareAndSet(next, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            log.info(skipped == 0 ? message : message + " (" + skipped + " more like it not logged)");
        } else {
            suppressed.incrementAndGet();
            log.debug(message);
        }
    }
}
