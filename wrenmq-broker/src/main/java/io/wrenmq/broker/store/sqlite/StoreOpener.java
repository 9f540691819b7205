package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoreException;
import io.wrenmq.broker.store.StoreSnapshot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code open()} does before the writer starts: connect, configure, migrate, check, purge, read
 * back, cap the size; and what to do with a damaged file ({@code persistence.corrupt_file}).
 */
final class StoreOpener {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

    /** A connection ready for the writer, and what was read through it. */
    record Opened(Connection connection, SnapshotReader.Loaded loaded) {
    }

    /** SQLite found the file's content damaged (as opposed to not being able to open it at all). */
    private static final class Damaged extends Exception {
        private static final long serialVersionUID = 1L;

        Damaged(SQLException cause) {
            super(cause);
        }
    }

    private final PersistenceConfig config;
    private final DatabaseFile file;

    StoreOpener(PersistenceConfig config, DatabaseFile file) {
        this.config = config;
        this.file = file;
    }

    Opened open(long nowMillis) {
        try {
            return attempt(nowMillis);
        } catch (Damaged d) {
            String why = SqliteErrors.describe(d.getCause());
            if (config.corruptFile() == PersistenceConfig.CorruptFile.STOP) {
                throw new StoreException("Database file " + file.path() + " is damaged (" + why + "); move or"
                        + " delete the file, or set persistence.corrupt_file = move_aside to start with an empty"
                        + " store", d.getCause());
            }
            Path moved = moveAside(nowMillis, why);
            LOG.warn("Database file {} is damaged ({}); moved it to {} and started with an empty store",
                    file.path(), why, moved);
            try {
                return attempt(nowMillis);
            } catch (Damaged again) {
                throw new StoreException("Database file " + file.path() + " is damaged even after moving the old"
                        + " one aside (" + SqliteErrors.describe(again.getCause()) + ")", again.getCause());
            }
        }
    }

    private Path moveAside(long nowMillis, String why) {
        try {
            return file.moveAside(nowMillis);
        } catch (IOException e) {
            throw new StoreException("Database file " + file.path() + " is damaged (" + why + ") and could not be"
                    + " moved aside: " + describe(e), e);
        }
    }

    private Opened attempt(long nowMillis) throws Damaged {
        Connection c = null;
        try {
            c = file.connect();
            Pragmas.configure(c, config.sync(), file.path());
            Schema.migrate(c, file.path(), nowMillis);
            Pragmas.quickCheck(c);
            Purge.Counts purged = Purge.run(c, nowMillis);
            SnapshotReader.Loaded loaded = SnapshotReader.read(c);
            Pragmas.limitSize(c, config.maxSizeBytes(), file.path());
            logOpened(loaded.snapshot(), purged);
            return new Opened(c, loaded);
        } catch (SQLException e) {
            closeQuietly(c);
            if (SqliteErrors.isCorrupt(e)) {
                throw new Damaged(e);
            }
            throw new StoreException("Cannot open database file " + file.path() + ": " + SqliteErrors.describe(e),
                    e);
        } catch (IOException e) {
            closeQuietly(c);
            throw new StoreException("Cannot open database file " + file.path() + ": " + describe(e), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void logOpened(StoreSnapshot s, Purge.Counts purged) {
        LOG.info("Opened store {}: {} sessions, {} messages, {} retained messages", file.path(),
                s.sessions().size(), s.messages().size(), s.retained().size());
        if (purged.any()) {
            LOG.info("Removed {} expired messages, {} expired retained messages and {} rows left over from"
                    + " ended sessions", purged.expiredMessages(), purged.expiredRetained(), purged.orphans());
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // the file is being given up on; the error that led here is the one to report
        }
    }
}
