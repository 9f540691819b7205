package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables, versioned: {@code schema_version} has one row per applied migration, and {@link #MIGRATIONS}
 * lists them in order (index + 1 = version). A later release appends migrations and never edits old ones, so
 * any older file can be brought up to date; a file from a newer release is refused rather than misread.
 */
final class Schema {
    /** Key in {@code meta} of the highest message id ever handed out (ids must not repeat after a restart). */
    static final String MESSAGE_ID_HIGH_WATER = "message_id_high_water";

    private static final List<List<String>> MIGRATIONS = List.of(version1(), version2());

    private Schema() {
    }

    static int latestVersion() {
        return MIGRATIONS.size();
    }

    /**
     * Creates or upgrades the tables in one transaction.
     *
     * @throws StoreException when the file was written by a newer WrenMQ
     */
    static void migrate(Connection connection, Path file, long nowMillis) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL,"
                        + " applied_at INTEGER NOT NULL)");
                int current = currentVersion(s);
                if (current > latestVersion()) {
                    throw new StoreException("Database file " + file + " was written by a newer WrenMQ (schema "
                            + current + ", this version knows " + latestVersion() + "); upgrade WrenMQ, or move"
                            + " the file away to start with an empty store");
                }
                for (int version = current + 1; version <= latestVersion(); version++) {
                    apply(connection, s, version, nowMillis);
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(s);
                throw e;
            }
        }
    }

    static int currentVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection connection, Statement s, int version, long nowMillis)
            throws SQLException {
        for (String sql : MIGRATIONS.get(version - 1)) {
            s.execute(sql);
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
            ps.setInt(1, version);
            ps.setLong(2, nowMillis);
            ps.executeUpdate();
        }
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing was begun, or SQLite already rolled back: either way nothing is left to undo
        }
    }

    /*
     * Plain CREATE TABLE (no IF NOT EXISTS): a foreign SQLite file that happens to have a table of the same
     * name fails here instead of being mixed with ours. Small keyed rows are WITHOUT ROWID (one b-tree instead
     * of table + index); tables with payloads keep their rowid, as SQLite advises for large rows. Deliveries
     * are ordered by their rowid: a new row always gets a larger one than every row present.
     */
    private static List<String> version1() {
        return List.of(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
                "CREATE TABLE session (client_id TEXT PRIMARY KEY, expiry_interval INTEGER NOT NULL,"
                        + " disconnected_at INTEGER NOT NULL, will_topic TEXT, will_qos INTEGER,"
                        + " will_retain INTEGER, will_payload BLOB, will_props BLOB)",
                "CREATE TABLE subscription (client_id TEXT NOT NULL, filter TEXT NOT NULL, qos INTEGER NOT NULL,"
                        + " no_local INTEGER NOT NULL, rap INTEGER NOT NULL, retain_handling INTEGER NOT NULL,"
                        + " sub_id INTEGER NOT NULL, PRIMARY KEY (client_id, filter)) WITHOUT ROWID",
                "CREATE TABLE message (id INTEGER PRIMARY KEY, topic TEXT NOT NULL, qos INTEGER NOT NULL,"
                        + " retain INTEGER NOT NULL, props BLOB NOT NULL, payload BLOB NOT NULL, publisher TEXT,"
                        + " expiry_at INTEGER NOT NULL)",
                "CREATE TABLE delivery (seq INTEGER PRIMARY KEY, client_id TEXT NOT NULL,"
                        + " message_id INTEGER NOT NULL, qos INTEGER NOT NULL, retain INTEGER NOT NULL,"
                        + " sub_ids BLOB NOT NULL, packet_id INTEGER NOT NULL, released INTEGER NOT NULL,"
                        + " UNIQUE (client_id, message_id))",
                "CREATE TABLE inbound_qos2 (client_id TEXT NOT NULL, packet_id INTEGER NOT NULL,"
                        + " PRIMARY KEY (client_id, packet_id)) WITHOUT ROWID",
                "CREATE TABLE retained (topic TEXT PRIMARY KEY, qos INTEGER NOT NULL, props BLOB NOT NULL,"
                        + " payload BLOB NOT NULL, stored_at INTEGER NOT NULL, expiry_at INTEGER NOT NULL,"
                        + " publisher TEXT)");
    }

    /** The session's last username, so that the ACL can judge deliveries to a restored session (issue #5). */
    private static List<String> version2() {
        return List.of("ALTER TABLE session ADD COLUMN username TEXT");
    }
}
