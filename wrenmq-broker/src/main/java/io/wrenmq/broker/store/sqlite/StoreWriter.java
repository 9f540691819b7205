package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write queue and the one thread that drains it. Callers (event loops) only append to an unbounded queue;
 * the writer takes the first write, waits up to the flush interval for more, drains the rest (up to
 * {@link #MAX_BATCH}) and hands the batch to {@link BatchApplier}. A single queue and a single consumer give
 * FIFO order across all callers.
 */
final class StoreWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    /** Bounds one transaction's size and how long its writes' futures wait for the slowest of them. */
    static final int MAX_BATCH = 10_000;

    /** A queued write and the future of the caller waiting for it (null when nobody waits). */
    record Pending(WriteOp op, CompletableFuture<Void> future) {
    }

    private static final Pending STOP = new Pending(w -> { }, null);

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final long flushNanos;
    private final HeldWrites held;
    private final Path file;
    private volatile boolean closed;
    private volatile boolean finished;
    private Thread thread;

    StoreWriter(Duration flushInterval, Duration holdForwarded, Path file) {
        this.flushNanos = flushInterval.toNanos();
        this.held = new HeldWrites(holdForwarded.toNanos());
        this.file = file;
    }

    /** Queues a write; false when the store is closed and the write was not queued. */
    boolean submit(WriteOp op, CompletableFuture<Void> future) {
        if (closed) {
            return false;
        }
        queue.add(new Pending(op, future));
        if (finished) {
            failLeftovers(); // raced with close(): the writer has already gone, nobody else would complete it
        }
        return true;
    }

    void start(BatchApplier applier) {
        thread = new Thread(() -> run(applier), "wrenmq-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops taking writes and lets the writer apply those already queued.
     *
     * @return false when the writer was still busy after {@code timeout} (it goes on and closes the file when
     *         done, but this call stops waiting)
     */
    boolean close(Duration timeout) throws InterruptedException {
        closed = true;
        queue.add(STOP);
        if (thread == null) {
            finished = true;
            failLeftovers();
            return true;
        }
        if (Thread.currentThread() == thread) {
            return true; // from a future's callback: waiting would only delay the writer, which stops after it
        }
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    int queued() {
        return queue.size();
    }

    private void run(BatchApplier applier) {
        List<Pending> batch = new ArrayList<>();
        try {
            boolean more = true;
            while (more) {
                more = collect(batch);
                List<Pending> now = held.process(batch, System.nanoTime());
                if (!more) {
                    held.releaseAll(now); // closing: what was held back is written like the rest
                }
                if (!now.isEmpty()) {
                    applier.apply(now);
                }
                batch.clear();
            }
        } finally {
            applier.close();
            finished = true;
            failLeftovers();
        }
    }

    /**
     * Fills {@code batch} with the next writes in order; false once the stop mark was reached. After the first
     * write the writer SLEEPS for the flush interval and then takes everything queued at once, rather than
     * waking for each write that arrives: on a small machine each wake-up is a context switch away from the
     * event loops, and writes that arrive meanwhile (a delivery's acknowledgement after its message) can then be
     * coalesced in one transaction.
     */
    private boolean collect(List<Pending> batch) {
        Pending first = take(held.nextDue());
        if (first == null) {
            return true; // a held write is due: nothing new, the caller releases it
        }
        if (first == STOP) {
            return false;
        }
        batch.add(first);
        if (flushNanos > 0) {
            sleepUntil(System.nanoTime() + flushNanos);
        }
        int before = batch.size();
        queue.drainTo(batch, MAX_BATCH - before);
        for (int i = before; i < batch.size(); i++) {
            if (batch.get(i) == STOP) {
                // Nothing is queued after the stop mark except writes racing with close(): fail those.
                List<Pending> after = new ArrayList<>(batch.subList(i + 1, batch.size()));
                batch.subList(i, batch.size()).clear();
                for (Pending p : after) {
                    if (p.future() != null) {
                        p.future().completeExceptionally(new StoreException("store closed: " + file));
                    }
                }
                return false;
            }
        }
        return true;
    }

    private static void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left); // an interrupt only ends the wait early: commit what is there
            if (Thread.interrupted()) {
                return;
            }
        }
    }

    /**
     * The next write, or null once {@code due} (System.nanoTime; Long.MAX_VALUE = no deadline) has passed. The
     * writer must not die of an interrupt: writes would then never complete.
     */
    private Pending take(long due) {
        while (true) {
            try {
                if (due == Long.MAX_VALUE) {
                    return queue.take();
                }
                long left = due - System.nanoTime();
                return left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                LOG.debug("Store writer interrupted while idle; it keeps running until the store is closed");
            }
        }
    }

    /** Fails the writes that arrived after the stop mark: they were racing with close(). */
    private void failLeftovers() {
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p.future() != null) {
                p.future().completeExceptionally(new StoreException("store closed: " + file));
            }
        }
    }
}
