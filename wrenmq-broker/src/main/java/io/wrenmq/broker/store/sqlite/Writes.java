package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.broker.store.StoredSubscription;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.Will;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of each store write. Used only by the writer thread, inside the transaction it opened; keeps
 * {@link RefCounts} in step with the delivery rows.
 */
final class Writes {
    private static final String SAVE_SESSION = "INSERT OR REPLACE INTO session (client_id, expiry_interval,"
            + " disconnected_at, will_topic, will_qos, will_retain, will_payload, will_props, username)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SESSION_DELIVERIES = "SELECT message_id FROM delivery WHERE client_id = ?";
    /** Everything of a session, its own row last. */
    private static final List<String> DELETE_SESSION = List.of(
            "DELETE FROM delivery WHERE client_id = ?",
            "DELETE FROM subscription WHERE client_id = ?",
            "DELETE FROM inbound_qos2 WHERE client_id = ?",
            "DELETE FROM session WHERE client_id = ?");
    private static final String SAVE_SUBSCRIPTION = "INSERT OR REPLACE INTO subscription (client_id, filter, qos,"
            + " no_local, rap, retain_handling, sub_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE_SUBSCRIPTION = "DELETE FROM subscription WHERE client_id = ? AND filter = ?";
    private static final String ADD_INBOUND = "INSERT OR IGNORE INTO inbound_qos2 (client_id, packet_id)"
            + " VALUES (?, ?)";
    private static final String DELETE_INBOUND = "DELETE FROM inbound_qos2 WHERE client_id = ? AND packet_id = ?";
    private static final String ADD_MESSAGE = "INSERT OR IGNORE INTO message (id, topic, qos, retain, props,"
            + " payload, publisher, expiry_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE_MESSAGE = "DELETE FROM message WHERE id = ?";
    private static final String ADD_DELIVERY = "INSERT OR IGNORE INTO delivery (client_id, message_id, qos, retain,"
            + " sub_ids, packet_id, released) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String MARK_INFLIGHT = "UPDATE delivery SET packet_id = ? WHERE client_id = ?"
            + " AND message_id = ?";
    private static final String MARK_RELEASED = "UPDATE delivery SET released = 1 WHERE client_id = ?"
            + " AND message_id = ?";
    private static final String DELETE_DELIVERY = "DELETE FROM delivery WHERE client_id = ? AND message_id = ?";
    private static final String PUT_RETAINED = "INSERT OR REPLACE INTO retained (topic, qos, props, payload,"
            + " stored_at, expiry_at, publisher) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE_RETAINED = "DELETE FROM retained WHERE topic = ?";
    private static final String SAVE_HIGH_WATER = "INSERT INTO meta (key, value) VALUES ('"
            + Schema.MESSAGE_ID_HIGH_WATER + "', ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)";

    /** Message ids reserved by one write of the high-water mark (see {@link #beforeCommit()}). */
    static final long ID_BLOCK = 1 << 16;

    private final Statements st;
    private final RefCounts refs;
    private long highWater;
    private long savedHighWater;
    private long savingHighWater = -1;

    /** Prepares every statement once, so a schema that does not fit the code fails at open, not at a write. */
    Writes(Statements st, RefCounts refs, long highWater) throws SQLException {
        this.st = st;
        this.refs = refs;
        this.highWater = highWater;
        this.savedHighWater = highWater;
        List<String> all = new ArrayList<>(DELETE_SESSION);
        all.addAll(List.of(SAVE_SESSION, SESSION_DELIVERIES, SAVE_SUBSCRIPTION, DELETE_SUBSCRIPTION, ADD_INBOUND,
                DELETE_INBOUND, ADD_MESSAGE, DELETE_MESSAGE, ADD_DELIVERY, MARK_INFLIGHT, MARK_RELEASED,
                DELETE_DELIVERY, PUT_RETAINED, DELETE_RETAINED, SAVE_HIGH_WATER));
        for (String sql : all) {
            st.get(sql);
        }
    }

    RefCounts refs() {
        return refs;
    }

    void saveSession(StoredSession s) throws SQLException {
        PreparedStatement ps = st.get(SAVE_SESSION);
        ps.setString(1, s.clientId());
        ps.setLong(2, s.expiryIntervalSeconds());
        ps.setLong(3, s.disconnectedAtMillis());
        Will will = s.will();
        if (will == null) {
            ps.setNull(4, Types.VARCHAR); // a null topic is what "no will" reads back as
            ps.setNull(5, Types.INTEGER);
            ps.setNull(6, Types.INTEGER);
            ps.setNull(7, Types.BLOB);
            ps.setNull(8, Types.BLOB);
        } else {
            ps.setString(4, will.topic());
            ps.setInt(5, will.qos());
            ps.setBoolean(6, will.retain());
            ps.setBytes(7, will.payload());
            ps.setBytes(8, Rows.properties(will.properties()));
        }
        ps.setString(9, s.username()); // null = none
        ps.executeUpdate();
    }

    /** Removes the session's rows; messages lose one reference per delivery removed. */
    void deleteSession(String clientId) throws SQLException {
        List<Long> messageIds = new ArrayList<>();
        PreparedStatement query = st.get(SESSION_DELIVERIES);
        query.setString(1, clientId);
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                messageIds.add(rs.getLong(1));
            }
        }
        for (String sql : DELETE_SESSION) {
            PreparedStatement ps = st.get(sql);
            ps.setString(1, clientId);
            ps.executeUpdate();
        }
        for (long id : messageIds) {
            release(id);
        }
    }

    void saveSubscription(String clientId, StoredSubscription sub) throws SQLException {
        Subscription o = sub.options();
        PreparedStatement ps = st.get(SAVE_SUBSCRIPTION);
        ps.setString(1, clientId);
        ps.setString(2, o.topicFilter());
        ps.setInt(3, o.qos());
        ps.setBoolean(4, o.noLocal());
        ps.setBoolean(5, o.retainAsPublished());
        ps.setInt(6, o.retainHandling());
        ps.setInt(7, sub.subscriptionId());
        ps.executeUpdate();
    }

    void deleteSubscription(String clientId, String topicFilter) throws SQLException {
        PreparedStatement ps = st.get(DELETE_SUBSCRIPTION);
        ps.setString(1, clientId);
        ps.setString(2, topicFilter);
        ps.executeUpdate();
    }

    void addInbound(String clientId, int packetId) throws SQLException {
        executeKeyed(ADD_INBOUND, clientId, packetId);
    }

    void deleteInbound(String clientId, int packetId) throws SQLException {
        executeKeyed(DELETE_INBOUND, clientId, packetId);
    }

    /**
     * Stores the message row (kept if it already exists, so a second call only adds deliveries) and one row per
     * new delivery; the message counts one reference per delivery row actually inserted.
     */
    void addMessage(StoredMessage m, List<StoredDelivery> deliveries) throws SQLException {
        PreparedStatement ps = st.get(ADD_MESSAGE);
        ps.setLong(1, m.id());
        ps.setString(2, m.topic());
        ps.setInt(3, m.qos());
        ps.setBoolean(4, m.retain());
        ps.setBytes(5, Rows.properties(m.properties()));
        ps.setBytes(6, m.payload());
        ps.setString(7, m.publisherClientId());
        ps.setLong(8, m.expiryAtMillis());
        ps.executeUpdate();
        idUsed(m.id());
        int added = 0;
        for (StoredDelivery d : deliveries) {
            added += addDelivery(m.id(), d);
        }
        if (added > 0) {
            refs.add(m.id(), added);
        } else if (refs.get(m.id()) == 0) {
            deleteMessageRow(m.id()); // no delivery was new: a row nobody references must not stay
        }
    }

    private int addDelivery(long messageId, StoredDelivery d) throws SQLException {
        PreparedStatement ps = st.get(ADD_DELIVERY);
        ps.setString(1, d.clientId());
        ps.setLong(2, messageId);
        ps.setInt(3, d.qos());
        ps.setBoolean(4, d.retain());
        ps.setBytes(5, Rows.ids(d.subscriptionIds()));
        ps.setInt(6, d.packetId());
        ps.setBoolean(7, d.released());
        return ps.executeUpdate();
    }

    void markInflight(String clientId, long messageId, int packetId) throws SQLException {
        PreparedStatement ps = st.get(MARK_INFLIGHT);
        ps.setInt(1, packetId);
        ps.setString(2, clientId);
        ps.setLong(3, messageId);
        ps.executeUpdate();
    }

    void markReleased(String clientId, long messageId) throws SQLException {
        executeKeyed(MARK_RELEASED, clientId, messageId);
    }

    /** A missing row is not an error: deleteSession may have removed it already. */
    void deleteDelivery(String clientId, long messageId) throws SQLException {
        if (executeKeyed(DELETE_DELIVERY, clientId, messageId) > 0) {
            release(messageId);
        }
    }

    private void release(long messageId) throws SQLException {
        if (refs.add(messageId, -1) <= 0) {
            deleteMessageRow(messageId);
        }
    }

    private void deleteMessageRow(long messageId) throws SQLException {
        PreparedStatement ps = st.get(DELETE_MESSAGE);
        ps.setLong(1, messageId);
        ps.executeUpdate();
    }

    void putRetained(RetainedMessage m) throws SQLException {
        PreparedStatement ps = st.get(PUT_RETAINED);
        ps.setString(1, m.topic());
        ps.setInt(2, m.qos());
        ps.setBytes(3, Rows.properties(m.properties()));
        ps.setBytes(4, m.payload());
        ps.setLong(5, m.storedAtMillis());
        ps.setLong(6, m.expiryAtMillis());
        ps.setString(7, m.publisherClientId());
        ps.executeUpdate();
    }

    void deleteRetained(String topic) throws SQLException {
        PreparedStatement ps = st.get(DELETE_RETAINED);
        ps.setString(1, topic);
        ps.executeUpdate();
    }

    /** The id may not be handed out again, even if no row of it is left (see {@link #beforeCommit()}). */
    void idUsed(long messageId) {
        highWater = Math.max(highWater, messageId);
    }

    /** Whether storing {@code messageId} would move the saved high-water mark (see {@link #beforeCommit()}). */
    boolean needsHighWaterSave(long messageId) {
        return Math.max(highWater, messageId) > savedHighWater;
    }

    /**
     * Records a bound above every message id stored so far: message rows are deleted with their last delivery, so
     * max(message.id) alone could go back and ids could repeat after a restart. The bound is the next multiple of
     * {@link #ID_BLOCK}, so it is written once per block of ids rather than in every transaction: a transaction whose
     * writes were all cancelled (a bridge's forwards acknowledged by the remote) then writes nothing at all, and
     * SQLite commits it without touching the disk. A restart continues above the bound, skipping the rest of the
     * block.
     */
    void beforeCommit() throws SQLException {
        savingHighWater = -1;
        if (highWater > savedHighWater) {
            long bound = (highWater / ID_BLOCK + 1) * ID_BLOCK;
            PreparedStatement ps = st.get(SAVE_HIGH_WATER);
            ps.setLong(1, bound);
            ps.executeUpdate();
            savingHighWater = bound;
        }
    }

    void afterCommit() {
        if (savingHighWater >= 0) {
            savedHighWater = savingHighWater;
            savingHighWater = -1;
        }
    }

    private int executeKeyed(String sql, String clientId, long key) throws SQLException {
        PreparedStatement ps = st.get(sql);
        ps.setString(1, clientId);
        ps.setLong(2, key);
        return ps.executeUpdate();
    }
}
