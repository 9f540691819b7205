package io.wrenmq.server.http.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The last hour of the dashboard's charts: one sample every {@link #INTERVAL} in a ring buffer of
 * {@link #CAPACITY}. Sampling reads counters the broker keeps anyway, so it costs one small task every 10 s; and it
 * runs only while someone uses the dashboard (issue #15: no cost while nobody has it open): {@link #touch} starts
 * it, and it stops itself once nobody touched it for {@link #IDLE_STOP}.
 */
public final class MetricsHistory implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final int CAPACITY = 360;
    static final Duration IDLE_STOP = Duration.ofHours(1);

    /** What the broker's counters say now; message counts are totals since start. */
    public record Reading(long connections, long sessions, long subscriptions, long retained, long received,
            long sent, long dropped, long heapUsed, double processCpu) {
    }

    /**
     * One point of the charts; message counts are per second over the interval before it, NaN on the first point
     * after a start (there is no interval before it yet; the charts show a gap).
     */
    public record Sample(long timeMillis, long connections, long sessions, long subscriptions, long retained,
            double receivedPerSecond, double sentPerSecond, double droppedPerSecond, long heapUsed, double processCpu) {
    }

    private final Supplier<Reading> source;
    private final LongSupplier clockMillis;
    private final Sample[] ring = new Sample[CAPACITY];
    private int next;
    private int count;
    private Reading previous;
    private long previousAt;
    private long lastTouched;
    private ScheduledExecutorService timer;

    public MetricsHistory(Supplier<Reading> source) {
        this(source, System::currentTimeMillis);
    }

    MetricsHistory(Supplier<Reading> source, LongSupplier clockMillis) {
        this.source = source;
        this.clockMillis = clockMillis;
    }

    /** Someone uses the dashboard: sampling runs (again) from now on, for at least {@link #IDLE_STOP}. */
    public synchronized void touch() {
        lastTouched = clockMillis.getAsLong();
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wrenmq-dashboard-history");
                t.setDaemon(true);
                return t;
            });
            previous = null; // rates across a pause would average over the pause
            timer.scheduleAtFixedRate(this::tick, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public synchronized boolean running() {
        return timer != null;
    }

    /**
     * Takes one reading into a sample: the first after a start has the gauges but no rates (it is their baseline),
     * so the charts have a point as soon as the dashboard opens. Stops the timer when the dashboard was idle for
     * {@link #IDLE_STOP}.
     */
    synchronized void tick() {
        long now = clockMillis.getAsLong();
        if (timer != null && now - lastTouched > IDLE_STOP.toMillis()) {
            stop();
            return;
        }
        Reading r = source.get();
        double seconds = previous == null || now <= previousAt ? Double.NaN : (now - previousAt) / 1000.0;
        Reading before = previous == null ? r : previous;
        ring[next] = new Sample(now, r.connections(), r.sessions(), r.subscriptions(), r.retained(),
                rate(r.received() - before.received(), seconds), rate(r.sent() - before.sent(), seconds),
                rate(r.dropped() - before.dropped(), seconds), r.heapUsed(), r.processCpu());
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
        previous = r;
        previousAt = now;
    }

    /** The samples of the last {@link #CAPACITY} intervals, oldest first. */
    public synchronized List<Sample> samples() {
        long oldest = clockMillis.getAsLong() - INTERVAL.toMillis() * CAPACITY;
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Sample s = ring[(next - count + i + CAPACITY) % CAPACITY];
            if (s.timeMillis() > oldest) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        stop();
    }

    private void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private static double rate(long delta, double seconds) {
        if (Double.isNaN(seconds)) {
            return Double.NaN;
        }
        // A counter never goes back, except across an engine restart (ctrl/restart): no negative rates then.
        return delta <= 0 ? 0 : delta / seconds;
    }
}
