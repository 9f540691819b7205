package io.wrenmq.broker.store.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports failed writes at most once per 10 s: a full disk fails every batch, and one line per batch would
 * flood the log (and the disk it is on). Used only by the writer thread.
 */
final class FailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path file;
    private boolean reported;
    private long lastReportNanos;
    private long suppressedWrites;

    FailureLog(Path file) {
        this.file = file;
    }

    void report(Throwable cause, int notPersisted) {
        long now = System.nanoTime();
        if (reported && now - lastReportNanos < INTERVAL_NANOS) {
            suppressedWrites += notPersisted;
            return;
        }
        String earlier = suppressedWrites == 0 ? ""
                : " (and " + suppressedWrites + " more since the last report)";
        String text = "Persistence write failed (" + SqliteErrors.describe(cause) + ": " + file + "): "
                + notPersisted + " writes not persisted" + earlier + "; the broker keeps running";
        if (cause instanceof SQLException) {
            LOG.warn(text); // disk full, I/O error: the text says it all, a stack trace would not help
            LOG.debug("Persistence write failure", cause);
        } else {
            LOG.warn(text, cause); // not SQLite's doing: a bug, worth its stack trace
        }
        reported = true;
        lastReportNanos = now;
        suppressedWrites = 0;
    }
}
