package io.wrenmq.broker.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements of the writer's connection, prepared on first use and reused for every later write.
 *
 * <p>After most errors (SQLITE_FULL, I/O errors) sqlite-jdbc finalizes the statement that failed, and a
 * finalized statement fails every later use with "statement is not executing"; {@link #reset()} drops them all
 * after a failed transaction so the next one prepares fresh ones.
 */
final class Statements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    /** The statement for {@code sql} (a constant: the map is keyed by it), its parameters still to be set. */
    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    void reset() {
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // already finalized by the driver, which is why it is dropped
            }
        }
        prepared.clear();
    }

    @Override
    public void close() {
        reset();
    }
}
