package io.wrenmq.tools.bench;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fixed-rate publishing on one event loop: one scheduled task per loop (not one per publisher or message)
 * wakes every {@code tick} and lets each publisher on the loop send what its schedule says is due. The
 * publishers' schedules are staggered, so the total rate is smooth rather than a burst per tick.
 */
final class RateTicker implements Runnable {
    private final List<Publisher> publishers;
    private ScheduledFuture<?> task;

    RateTicker(List<Publisher> publishers) {
        this.publishers = publishers;
    }

    /** Runs on the loop. */
    void start(LoopStats stats, long tickNanos) {
        task = stats.loop.scheduleAtFixedRate(this, 0, tickNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (Publisher p : publishers) {
            p.sendDue(now);
        }
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Ticks of 1 ms, or the per-publisher period when it is longer (at most 10 ms). */
    static long tickNanos(double perPublisherRate) {
        double period = 1e9 / perPublisherRate;
        return (long) Math.max(1_000_000, Math.min(10_000_000, period));
    }
}
