package io.wrenmq.broker.limits;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs refusals at most once per interval: a flood of refused sockets must not flood the log. The first refusal
 * is logged at once; later ones within the interval are counted and reported with the next line.
 */
final class RefusalLog {
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final Logger log;
    private final AtomicLong lastNanos = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    private final AtomicLong suppressed = new AtomicLong();

    RefusalLog(Logger log) {
        this.log = log;
    }

    void refused(String what, Object detail) {
        long now = System.nanoTime();
        long last = lastNanos.get();
        if (now - last >= INTERVAL_NANOS && lastNanos.compareAndSet(last, now)) {
            long more = suppressed.getAndSet(0);
            if (more > 0) {
                log.warn("{} ({}); {} more refused in the last {} s", what, detail, more, INTERVAL_NANOS / 1_000_000_000L);
            } else {
                log.warn("{} ({})", what, detail);
            }
        } else {
            suppressed.incrementAndGet();
        }
    }
}
