package io.wrenmq.server.rule.action;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TimescaleDB: a table created for a rule becomes a hypertable partitioned by its insert-time column, as NanoMQ's
 * timescaledb action does (with {@code if_not_exists => TRUE}). Without the extension the table stays a plain
 * PostgreSQL table and a WARN line says so; rows are written either way.
 */
final class Hypertables {
    private static final Logger LOG = LoggerFactory.getLogger(Hypertables.class);

    private Hypertables() {
    }

    static void make(Connection c, String quotedTable, String timeColumn, String actionName) throws SQLException {
        String missing = null;
        if (!exists(c, "SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            // Asked first: a failing CREATE EXTENSION (0A000) would also cost the pool its connection.
            if (!exists(c, "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                missing = "the extension is not installed on the server";
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
                    c.commit();
                } catch (SQLException e) {
                    TableSchema.rollbackQuietly(c);
                    missing = "CREATE EXTENSION timescaledb failed: " + e.getMessage();
                }
            }
        }
        if (missing != null) {
            LOG.warn("Rule action {}: TimescaleDB is not available in this database ({}); table {} stays a plain"
                    + " PostgreSQL table without a hypertable", actionName, missing, quotedTable);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT create_hypertable(?::regclass, ?::name, if_not_exists => TRUE)")) {
            ps.setString(1, quotedTable);
            ps.setString(2, timeColumn);
            ps.executeQuery().close();
        }
        c.commit();
        LOG.info("Rule action {}: table {} is a TimescaleDB hypertable on {}", actionName, quotedTable, timeColumn);
    }

    private static boolean exists(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            boolean found = rs.next();
            c.commit();
            return found;
        }
    }
}
