package io.wrenmq.tools.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.concurrent.locks.LockSupport;

/**
 * The timeline of one measurement, driven from the command's thread (never an event loop): start, a live
 * line on stderr every second, the warm-up boundary, the end (duration, or the limit reached, bounded by the
 * duration), stop, drain. Every wait is bounded, so the run ends by itself whatever the broker does.
 *
 * <p>Counters come from {@link BenchEnv#snapshot()} (a task per loop: a few per second in all); rates are
 * measured between the snapshot at the end of the warm-up and the one at the end, latency from the
 * histograms collected in between.
 */
final class BenchRun {
    private static final long SECOND = 1_000_000_000L;
    /** Drain: wait for in-flight messages at most this long in all, and 1 s without progress. */
    private static final long DRAIN_MAX = 5 * SECOND;

    /** What a run measured: counters at the warm-up's end and the end, and the totals after draining. */
    record Outcome(LoopStats.Snapshot base, LoopStats.Snapshot last, double seconds, LatencyHistogram latency,
            LoopStats.Snapshot total) {

        double sentPerSecond() {
            return seconds <= 0 ? 0 : (last.sent() - base.sent()) / seconds;
        }

        double receivedPerSecond() {
            return seconds <= 0 ? 0 : (last.received() - base.received()) / seconds;
        }
    }

    private final BenchEnv env;
    private final BenchSettings settings;
    private final PrintWriter err;
    private final ToLongFunction<LoopStats.Snapshot> inflight;

    /** @param inflight what the live line calls in flight (mode-specific) */
    BenchRun(BenchEnv env, BenchSettings settings, PrintWriter err, ToLongFunction<LoopStats.Snapshot> inflight) {
        this.env = env;
        this.settings = settings;
        this.err = err;
        this.inflight = inflight;
    }

    /**
     * @param start runs on every loop at the start (starts the publishers there)
     * @param stop runs on every loop at the end (cancels rate tickers)
     * @param finished with --limit: whether the run is complete
     */
    Outcome run(Consumer<LoopStats> start, Consumer<LoopStats> stop, Duration warmup, Duration duration,
            Predicate<LoopStats.Snapshot> finished) {
        long t0 = System.nanoTime();
        env.onEveryLoop(start);
        long warmEnd = t0 + warmup.toNanos();
        long end = warmEnd + duration.toNanos();
        LatencyHistogram all = new LatencyHistogram();
        LatencyHistogram measured = new LatencyHistogram();
        LatencyHistogram interval = new LatencyHistogram();
        LoopStats.Snapshot base = warmup.isZero() ? LoopStats.Snapshot.zero() : null;
        long baseTime = t0;
        LoopStats.Snapshot prevLive = LoopStats.Snapshot.zero();
        long prevLiveTime = t0;
        long nextTick = t0 + SECOND;
        LoopStats.Snapshot last;
        long lastTime;
        while (true) {
            long target = Math.min(nextTick, end);
            if (base == null) {
                target = Math.min(target, warmEnd);
            }
            sleepUntil(target);
            LoopStats.Snapshot s = env.snapshot();
            long now = System.nanoTime();
            all.add(s.histogram());
            interval.add(s.histogram());
            if (base != null) {
                measured.add(s.histogram());
            } else if (now >= warmEnd) {
                base = s;
                baseTime = now;
            }
            if (now >= nextTick) {
                live(s, prevLive, (now - prevLiveTime) / 1e9, (now - t0 + SECOND / 2) / SECOND, interval);
                prevLive = s;
                prevLiveTime = now;
                interval = new LatencyHistogram();
                nextTick += SECOND;
                env.onEveryLoop(l -> l.publishers.forEach(Publisher::nudge));
            }
            boolean complete = settings.limit() > 0 && finished.test(s);
            if (now >= end || complete || Thread.currentThread().isInterrupted()) {
                last = s;
                lastTime = now;
                break;
            }
        }
        if (base == null) {
            // Finished within the warm-up (a small --limit): the whole run is the measurement.
            base = LoopStats.Snapshot.zero();
            baseTime = t0;
            measured = all;
        }
        settings.stop();
        env.onEveryLoop(stop);
        LoopStats.Snapshot total = drain(all);
        return new Outcome(base, last, (lastTime - baseTime) / 1e9, measured.count() > 0 ? measured : all, total);
    }

    /** After the stop: nothing is sent any more, so in-flight only falls; waits (bounded) for it to reach 0. */
    private LoopStats.Snapshot drain(LatencyHistogram all) {
        long start = System.nanoTime();
        long lastProgress = start;
        LoopStats.Snapshot s = env.snapshot();
        all.add(s.histogram());
        while (inflight.applyAsLong(s) > 0 && System.nanoTime() - start < DRAIN_MAX
                && System.nanoTime() - lastProgress < SECOND) {
            sleepUntil(System.nanoTime() + 20_000_000L);
            LoopStats.Snapshot next = env.snapshot();
            all.add(next.histogram());
            if (inflight.applyAsLong(next) != inflight.applyAsLong(s)) {
                lastProgress = System.nanoTime();
            }
            s = next;
        }
        return s;
    }

    private void live(LoopStats.Snapshot s, LoopStats.Snapshot prev, double seconds, long t,
            LatencyHistogram interval) {
        err.printf("t=%ds sent/s=%d recv/s=%d inflight=%d lat_p99_us=%d%n", t,
                Math.round((s.sent() - prev.sent()) / seconds), Math.round((s.received() - prev.received()) / seconds),
                Math.max(0, inflight.applyAsLong(s)), interval.percentile(99) / 1000);
        err.flush();
    }

    private static void sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(wait);
        }
    }
}
