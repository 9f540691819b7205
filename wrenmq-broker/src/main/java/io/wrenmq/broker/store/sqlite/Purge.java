package io.wrenmq.broker.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The clean-up at open: what expired while the broker was down, and rows a crash or a failed write left without
 * their owner (a delivery whose session or message is gone, a message no delivery references). Sessions are
 * left alone: the broker decides about their expiry, because it also publishes their wills.
 */
final class Purge {
    /** What was removed, for the log line at open. */
    record Counts(int expiredMessages, int orphans, int expiredRetained) {
        boolean any() {
            return expiredMessages + orphans + expiredRetained > 0;
        }
    }

    private static final String EXPIRED_MESSAGE = "expiry_at != 0 AND expiry_at <= ?";

    private Purge() {
    }

    /** Runs in one transaction; {@code nowMillis} decides expiry like {@code RetainedMessage.isExpired}. */
    static Counts run(Connection c, long nowMillis) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                update(c, "DELETE FROM delivery WHERE message_id IN (SELECT id FROM message WHERE "
                        + EXPIRED_MESSAGE + ")", nowMillis);
                int expired = update(c, "DELETE FROM message WHERE " + EXPIRED_MESSAGE, nowMillis);
                int orphans = s.executeUpdate(
                        "DELETE FROM delivery WHERE client_id NOT IN (SELECT client_id FROM session)")
                        + s.executeUpdate("DELETE FROM delivery WHERE message_id NOT IN (SELECT id FROM message)")
                        + s.executeUpdate(
                                "DELETE FROM subscription WHERE client_id NOT IN (SELECT client_id FROM session)")
                        + s.executeUpdate(
                                "DELETE FROM inbound_qos2 WHERE client_id NOT IN (SELECT client_id FROM session)")
                        + s.executeUpdate("DELETE FROM message WHERE id NOT IN (SELECT message_id FROM delivery)");
                int retained = update(c, "DELETE FROM retained WHERE " + EXPIRED_MESSAGE, nowMillis);
                s.execute("COMMIT");
                return new Counts(expired, orphans, retained);
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // already rolled back by SQLite; the original error is the one to report
                }
                throw e;
            }
        }
    }

    private static int update(Connection c, String sql, long nowMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, nowMillis);
            return ps.executeUpdate();
        }
    }
}
