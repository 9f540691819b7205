package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.store.PersistenceConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The connection settings the store depends on. */
final class Pragmas {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    /** Long enough for a backup tool's short read lock; the store itself is the only writer. */
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private Pragmas() {
    }

    /**
     * WAL lets a commit append to the log instead of rewriting pages, and keeps the file readable by a backup
     * while the broker writes. FULL syncs the log on every commit; NORMAL only at checkpoints.
     */
    static void configure(Connection c, PersistenceConfig.Sync sync, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            String mode = single(s, "PRAGMA journal_mode = WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                LOG.warn("SQLite could not use write-ahead logging for {} (journal mode is {}); writes will be"
                        + " slower", file, mode);
            }
            s.execute("PRAGMA synchronous = " + (sync == PersistenceConfig.Sync.FULL ? "FULL" : "NORMAL"));
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
        }
    }

    /** A cheap structural check (no index cross-check); anything but "ok" is reported as corruption. */
    static void quickCheck(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        if (problems.size() != 1 || !"ok".equalsIgnoreCase(problems.get(0))) {
            throw new SQLiteException("integrity check failed: " + String.join("; ", problems),
                    SQLiteErrorCode.SQLITE_CORRUPT);
        }
    }

    /**
     * Caps the file at {@code maxBytes} with max_page_count, so a write past it fails with SQLITE_FULL like on a
     * full disk. SQLite never lowers the cap below the current size: a larger file stays, only growth fails.
     */
    static void limitSize(Connection c, long maxBytes, Path file) throws SQLException {
        if (maxBytes <= 0) {
            return;
        }
        try (Statement s = c.createStatement()) {
            long pageSize = Long.parseLong(single(s, "PRAGMA page_size"));
            long pages = Long.parseLong(single(s, "PRAGMA page_count"));
            long maxPages = Math.max(1, maxBytes / pageSize);
            single(s, "PRAGMA max_page_count = " + maxPages);
            if (pages > maxPages) {
                LOG.warn("Database file {} is already {} bytes, more than persistence.max_size ({} bytes): it will"
                        + " not grow further, and writes fail once its free pages are used up", file,
                        pages * pageSize, maxBytes);
            }
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
