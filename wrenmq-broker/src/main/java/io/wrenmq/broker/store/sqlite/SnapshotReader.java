package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.store.StoreSnapshot.RestoredSession;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.broker.store.StoredSubscription;
import io.wrenmq.codec.PropertyContext;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.Will;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a purged database back into a {@link StoreSnapshot}, with what the writer needs to go on from it. */
final class SnapshotReader {
    /**
     * @param snapshot      what the broker restores
     * @param refCounts     deliveries per message id, for {@link RefCounts}
     * @param highestId     the highest message id ever stored (ids continue above it)
     */
    record Loaded(StoreSnapshot snapshot, Map<Long, Integer> refCounts, long highestId) {
    }

    /** One session's rows while they are being collected. */
    private static final class Parts {
        final StoredSession session;
        final List<StoredSubscription> subscriptions = new ArrayList<>();
        final List<StoredDelivery> deliveries = new ArrayList<>();
        final List<Integer> inbound = new ArrayList<>();

        Parts(StoredSession session) {
            this.session = session;
        }

        RestoredSession restored() {
            int[] ids = inbound.stream().mapToInt(Integer::intValue).toArray();
            return new RestoredSession(session, Collections.unmodifiableList(subscriptions),
                    Collections.unmodifiableList(deliveries), ids);
        }
    }

    private final Statement s;
    private final Map<String, Parts> sessions = new LinkedHashMap<>();
    private final Map<Long, Integer> refCounts = new HashMap<>();

    private SnapshotReader(Statement s) {
        this.s = s;
    }

    static Loaded read(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return new SnapshotReader(s).readAll();
        }
    }

    private Loaded readAll() throws SQLException {
        readSessions();
        readSubscriptions();
        readDeliveries();
        readInbound();
        Map<Long, StoredMessage> messages = readMessages();
        List<RetainedMessage> retained = readRetained();
        List<RestoredSession> restored = new ArrayList<>(sessions.size());
        for (Parts p : sessions.values()) {
            restored.add(p.restored());
        }
        StoreSnapshot snapshot = new StoreSnapshot(Collections.unmodifiableList(restored),
                Collections.unmodifiableMap(messages), Collections.unmodifiableList(retained));
        return new Loaded(snapshot, refCounts, highestId());
    }

    private void readSessions() throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT client_id, expiry_interval, disconnected_at, will_topic,"
                + " will_qos, will_retain, will_payload, will_props, username FROM session")) {
            while (rs.next()) {
                String clientId = rs.getString(1);
                Will will = null;
                String willTopic = rs.getString(4);
                if (willTopic != null) {
                    will = new Will(willTopic, rs.getInt(5), rs.getBoolean(6), nonNull(rs.getBytes(7)),
                            Rows.properties(rs.getBytes(8), PropertyContext.WILL, "will of session " + clientId));
                }
                sessions.put(clientId, new Parts(new StoredSession(clientId, rs.getLong(2), rs.getLong(3), will,
                        rs.getString(9))));
            }
        }
    }

    private void readSubscriptions() throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT client_id, filter, qos, no_local, rap, retain_handling, sub_id"
                + " FROM subscription")) {
            while (rs.next()) {
                Parts p = sessions.get(rs.getString(1));
                if (p != null) {
                    Subscription o = new Subscription(rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getInt(6));
                    p.subscriptions.add(new StoredSubscription(o, rs.getInt(7)));
                }
            }
        }
    }

    private void readDeliveries() throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT client_id, message_id, qos, retain, sub_ids, packet_id,"
                + " released FROM delivery ORDER BY seq")) {
            while (rs.next()) {
                String clientId = rs.getString(1);
                Parts p = sessions.get(clientId);
                if (p != null) {
                    long messageId = rs.getLong(2);
                    int[] ids = Rows.ids(rs.getBytes(5), "delivery of message " + messageId + " to " + clientId);
                    p.deliveries.add(new StoredDelivery(clientId, messageId, rs.getInt(3), rs.getBoolean(4), ids,
                            rs.getInt(6), rs.getBoolean(7)));
                    refCounts.merge(messageId, 1, Integer::sum);
                }
            }
        }
    }

    private void readInbound() throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT client_id, packet_id FROM inbound_qos2")) {
            while (rs.next()) {
                Parts p = sessions.get(rs.getString(1));
                if (p != null) {
                    p.inbound.add(rs.getInt(2));
                }
            }
        }
    }

    private Map<Long, StoredMessage> readMessages() throws SQLException {
        Map<Long, StoredMessage> messages = new HashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT id, topic, qos, retain, props, payload, publisher, expiry_at"
                + " FROM message")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (refCounts.containsKey(id)) {
                    messages.put(id, new StoredMessage(id, rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                            Rows.properties(rs.getBytes(5), PropertyContext.PUBLISH, "message " + id),
                            nonNull(rs.getBytes(6)), rs.getString(7), rs.getLong(8)));
                }
            }
        }
        return messages;
    }

    private List<RetainedMessage> readRetained() throws SQLException {
        List<RetainedMessage> retained = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT topic, qos, payload, props, stored_at, expiry_at, publisher"
                + " FROM retained")) {
            while (rs.next()) {
                String topic = rs.getString(1);
                retained.add(new RetainedMessage(topic, rs.getInt(2), nonNull(rs.getBytes(3)),
                        Rows.properties(rs.getBytes(4), PropertyContext.PUBLISH, "retained message of " + topic),
                        rs.getLong(5), rs.getLong(6), rs.getString(7)));
            }
        }
        return retained;
    }

    private long highestId() throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT max(coalesce((SELECT max(id) FROM message), 0),"
                + " coalesce((SELECT value FROM meta WHERE key = '" + Schema.MESSAGE_ID_HIGH_WATER + "'), 0))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** SQLite returns null for a zero-length blob. */
    private static byte[] nonNull(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }
}
