package io.wrenmq.server.rule.action;

import io.wrenmq.server.outbound.Backoff;
import io.wrenmq.server.outbound.LogThrottle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue, worker and counters every action shares. {@link #offer} only counts and enqueues (broker threads never
 * wait). One daemon thread {@code wrenmq-rule-<name>} takes up to {@code batch_size} queued rows and hands them to
 * the {@link BatchWriter} as one batch. When the target is away the SAME batch is retried with exponential backoff
 * while new rows keep queueing up to {@code queue_size} (the batch in hand counts): a database that goes away and
 * comes back loses nothing that fitted, in order. When the target refuses a batch for its content, the batch is
 * written row by row so only the bad rows fail.
 */
final class BatchingAction implements RuleAction {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingAction.class);
    private static final long LOG_INTERVAL_MILLIS = 10_000;
    /** Set into {@link #depth} at close: every later offer sees a negative depth and is dropped. */
    private static final int CLOSED = Integer.MIN_VALUE / 2;

    private final String name;
    private final BatchSettings settings;
    private final BatchWriter writer;
    private final Backoff backoff;
    private final LinkedBlockingQueue<Map<String, Object>> queue;
    /** Rows queued plus the batch in hand: what queue_size bounds. */
    private final AtomicInteger depth = new AtomicInteger();
    private final LongAdder success = new LongAdder();
    private final LongAdder failure = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLong droppedLogged = new AtomicLong();
    private final LogThrottle dropLog = new LogThrottle(LOG_INTERVAL_MILLIS);
    private final LogThrottle failLog = new LogThrottle(LOG_INTERVAL_MILLIS);
    private final LogThrottle splitLog = new LogThrottle(LOG_INTERVAL_MILLIS);
    private final Thread worker;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopNow;
    private volatile String lastError;
    private volatile long lastErrorAt;

    BatchingAction(String name, BatchSettings settings, BatchWriter writer) {
        this.name = name;
        this.settings = settings;
        this.writer = writer;
        this.backoff = settings.backoff();
        this.queue = new LinkedBlockingQueue<>(settings.queueSize());
        this.worker = new Thread(this::run, "wrenmq-rule-" + name);
        worker.setDaemon(true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean offer(Map<String, Object> row) {
        int d = depth.incrementAndGet();
        if (d > 0 && d <= settings.queueSize()) {
            queue.add(row); // never full: depth admits at most queue_size rows
            return true;
        }
        depth.decrementAndGet();
        dropped.increment();
        if (dropLog.due()) {
            long total = dropped.sum();
            LOG.warn("Rule action {}: {} rows dropped ({} so far): {}", name, total - droppedLogged.getAndSet(total),
                    total, d > 0 ? "the queue is full (" + settings.queueSize() + " rows); the target is slow or away"
                            : "the action is closed");
        }
        return false;
    }

    @Override
    public ActionStats stats() {
        return new ActionStats(success.sum(), failure.sum(), dropped.sum(), retried.sum(), batches.sum(),
                Math.max(0, depth.get()), writer.ignoredFields(), lastError, lastErrorAt);
    }

    @Override
    public void start() {
        if (!closed.get() && started.compareAndSet(false, true)) {
            worker.start();
        }
    }

    private void run() {
        List<Map<String, Object>> batch = new ArrayList<>(settings.batchSize());
        try {
            while (!stopNow) {
                Map<String, Object> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed.get()) {
                        return; // closing, and everything is written
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.batchSize() - 1);
                writeBatch(batch);
            }
        } catch (InterruptedException e) {
            // close() stopped waiting; what is left is counted there
        }
    }

    /** Returns once every row of the batch is written or failed; the list is empty then. */
    private void writeBatch(List<Map<String, Object>> batch) throws InterruptedException {
        int retries = 0;
        boolean oneByOne = false;
        while (!batch.isEmpty()) {
            List<Map<String, Object>> unit = oneByOne ? batch.subList(0, 1) : batch;
            int rows = unit.size();
            try {
                int refused = writer.write(unit);
                success.add(rows - refused);
                failure.add(refused);
                batches.increment();
                if (retries > 0) {
                    LOG.info("Rule action {}: writing again after {} retries", name, retries);
                    retries = 0;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (stopNow) {
                    return; // interrupted by close(): the rows count as dropped there
                }
                lastError = writer.describe(e);
                lastErrorAt = System.currentTimeMillis();
                if (writer.isTransient(e)) {
                    retries++;
                    retried.increment();
                    long delay = backoff.delay(retries).toMillis();
                    if (failLog.due()) {
                        LOG.warn("Rule action {}: a batch of {} rows was not written ({} retries so far): {}; retrying"
                                + " in {} ms, new rows wait in the queue ({} of {})", name, rows, retries, lastError,
                                delay, depth.get(), settings.queueSize());
                    }
                    Thread.sleep(delay);
                    continue;
                }
                if (rows > 1) {
                    if (splitLog.due()) {
                        LOG.warn("Rule action {}: the target refused a batch of {} rows ({}); writing them one by one",
                                name, rows, lastError);
                    }
                    oneByOne = true;
                    continue;
                }
                failure.increment();
                if (failLog.due()) {
                    LOG.warn("Rule action {}: a row was refused and is not retried ({} failed so far): {}", name,
                            failure.sum(), lastError);
                }
            }
            depth.addAndGet(-rows);
            unit.clear();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (started.get()) {
            try {
                worker.join(Math.max(1, settings.closeTimeout().toMillis()));
                if (worker.isAlive()) {
                    stopNow = true;
                    worker.interrupt();
                    worker.join(1_000); // a write that ignores interrupts ends when the writer closes below
                }
            } catch (InterruptedException e) {
                stopNow = true;
                Thread.currentThread().interrupt();
            }
        }
        int left = Math.max(0, depth.getAndSet(CLOSED));
        if (left > 0) {
            dropped.add(left);
            LOG.warn("Rule action {}: closed with {} rows not written (counted as dropped)", name, left);
        }
        writer.close();
    }
}
