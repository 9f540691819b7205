package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.StoreException;
import io.wrenmq.broker.store.sqlite.StoreWriter.Pending;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Applies one batch of writes in FIFO order and completes their futures once the outcome is durable.
 *
 * <p>First {@link Coalescer} cancels the writes with no net effect within the batch (a delivery added and
 * deleted again); they stay in their place and complete with it, but are not counted in storeWrites.
 *
 * <p>Normally the whole batch is one transaction. When a write fails, SQLite may have rolled back the whole
 * transaction (it does for SQLITE_FULL), so the batch is split instead of failed as a whole: the writes before
 * the failing one are applied again and committed on their own, the failing one is reported, and the rest
 * continue in a new transaction. Only the writes that really fail are lost; in particular a full store keeps
 * committing the deletes that free space even while every new message is refused. Order still holds: each
 * part commits before anything queued after it.
 */
final class BatchApplier implements AutoCloseable {
    /** Outcome of one transaction over [from, to): failedAt -1 = committed, to = begin/commit failed. */
    private record Attempt(int failedAt, Throwable error) {
        static final Attempt COMMITTED = new Attempt(-1, null);
    }

    private static final String BEGIN = "BEGIN IMMEDIATE";
    private static final String COMMIT = "COMMIT";
    private static final String ROLLBACK = "ROLLBACK";

    private final Connection connection;
    private final Statements statements;
    private final Writes writes;
    private final BrokerMetrics metrics;
    private final Path file;
    private final FailureLog failureLog;
    private int failedInBatch;
    private Throwable firstFailure;

    BatchApplier(Connection connection, Statements statements, Writes writes, BrokerMetrics metrics, Path file) {
        this.connection = connection;
        this.statements = statements;
        this.writes = writes;
        this.metrics = metrics;
        this.file = file;
        this.failureLog = new FailureLog(file);
    }

    void apply(List<Pending> batch) {
        failedInBatch = 0;
        firstFailure = null;
        try {
            Coalescer.coalesce(batch, writes.refs());
            if (nothingToWrite(batch)) {
                for (Pending p : batch) {
                    p.op().apply(writes); // Cancelled: only notes its id as used, in memory
                }
                succeed(batch, 0, batch.size()); // no transaction at all: nothing in it would change the file
                return;
            }
            applyFrom(batch, 0);
        } catch (Throwable t) {
            // Not a failed write but a broken writer (out of memory...): undo and fail what is left, keep going.
            undo(0);
            fail(batch, 0, batch.size(), t);
        }
        if (failedInBatch > 0) {
            failureLog.report(firstFailure, failedInBatch);
        }
    }

    /**
     * Whether every write of the batch was cancelled and none of their ids needs a new high-water mark: then a
     * transaction would change nothing, and the writer skips BEGIN and COMMIT (a bridge's forwards acknowledged by the
     * remote, batch after batch). The futures complete at once: what they wait for is already the file's state.
     */
    private boolean nothingToWrite(List<Pending> batch) {
        for (Pending p : batch) {
            if (!(p.op() instanceof WriteOp.Cancelled c) || writes.needsHighWaterSave(c.messageId())) {
                return false;
            }
        }
        return true;
    }

    private void applyFrom(List<Pending> batch, int start) {
        int n = batch.size();
        while (start < n) {
            Attempt a = attempt(batch, start, n);
            if (a.failedAt() < 0) {
                succeed(batch, start, n);
                return;
            }
            if (a.failedAt() >= n) {
                fail(batch, start, n, a.error()); // the transaction itself failed: nothing in it was committed
                return;
            }
            if (a.failedAt() > start) {
                Attempt prefix = attempt(batch, start, a.failedAt());
                if (prefix.failedAt() < 0) {
                    succeed(batch, start, a.failedAt());
                } else {
                    fail(batch, start, a.failedAt(), prefix.error());
                }
            }
            fail(batch, a.failedAt(), a.failedAt() + 1, a.error());
            start = a.failedAt() + 1;
        }
    }

    /** One transaction over batch[from, to); on failure everything it did, in SQLite and in memory, is undone. */
    private Attempt attempt(List<Pending> batch, int from, int to) {
        int mark = writes.refs().mark();
        try {
            statements.get(BEGIN).execute();
        } catch (SQLException e) {
            statements.reset();
            return new Attempt(to, e);
        }
        for (int i = from; i < to; i++) {
            try {
                batch.get(i).op().apply(writes);
            } catch (SQLException | RuntimeException e) {
                undo(mark);
                return new Attempt(i, e);
            }
        }
        try {
            writes.beforeCommit();
            statements.get(COMMIT).execute();
        } catch (SQLException | RuntimeException e) {
            undo(mark);
            return new Attempt(to, e);
        }
        writes.refs().commit();
        writes.afterCommit();
        metrics.storeCommits.increment();
        return Attempt.COMMITTED;
    }

    /** Rolls back SQLite and the counts; the statements are prepared afresh (the failed one may be finalized). */
    private void undo(int mark) {
        try {
            statements.get(ROLLBACK).execute();
        } catch (SQLException ignored) {
            // SQLite already rolled the transaction back (it does so itself on SQLITE_FULL and I/O errors)
        }
        statements.reset();
        writes.refs().rollbackTo(mark);
    }

    /** Counts before completing: a caller woken by its future sees the metrics of its write. */
    private void succeed(List<Pending> batch, int from, int to) {
        int applied = 0;
        for (int i = from; i < to; i++) {
            if (!(batch.get(i).op() instanceof WriteOp.Cancelled)) {
                applied++;
            }
        }
        metrics.storeWrites.add(applied);
        for (int i = from; i < to; i++) {
            CompletableFuture<Void> f = batch.get(i).future();
            if (f != null) {
                f.complete(null);
            }
        }
    }

    private void fail(List<Pending> batch, int from, int to, Throwable cause) {
        metrics.storeErrors.increment();
        failedInBatch += to - from;
        if (firstFailure == null) {
            firstFailure = cause;
        }
        StoreException e = new StoreException("Persistence write failed (" + SqliteErrors.describe(cause) + ": "
                + file + ")", cause);
        for (int i = from; i < to; i++) {
            CompletableFuture<Void> f = batch.get(i).future();
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
    }

    /** Releases the statements and the connection; SQLite checkpoints the write-ahead log into the file. */
    @Override
    public void close() {
        statements.close();
        StoreOpener.closeQuietly(connection);
    }
}
