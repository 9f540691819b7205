package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoreSnapshot.RestoredSession;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Shared helpers of the SQLite store tests. */
final class StoreTests {
    static final long NOW = 1_700_000_000_000L;

    private StoreTests() {
    }

    static PersistenceConfig config(Path file) {
        return new PersistenceConfig().type(PersistenceConfig.Type.SQLITE).path(file);
    }

    /** Opens, reads and closes: what a restart would see. */
    static StoreSnapshot reopen(PersistenceConfig config) {
        return reopen(config, NOW);
    }

    static StoreSnapshot reopen(PersistenceConfig config, long nowMillis) {
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            return store.open(nowMillis);
        }
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store future did not complete normally", e);
        }
    }

    static Properties publishProperties() {
        return Properties.builder()
                .put(PropertyId.PAYLOAD_FORMAT_INDICATOR, 1)
                .put(PropertyId.MESSAGE_EXPIRY_INTERVAL, 3600)
                .putString(PropertyId.CONTENT_TYPE, "text/plain")
                .putString(PropertyId.RESPONSE_TOPIC, "reply/here")
                .putBinary(PropertyId.CORRELATION_DATA, new byte[] {1, 2, 3})
                .addUserProperty("k", "v")
                .addUserProperty("k", "v2")
                .build();
    }

    static StoredMessage message(long id, String topic, String payload, long expiryAt) {
        return message(id, topic, payload.getBytes(StandardCharsets.UTF_8), expiryAt);
    }

    static StoredMessage message(long id, String topic, byte[] payload, long expiryAt) {
        return new StoredMessage(id, topic, 1, false, publishProperties(), payload, "publisher", expiryAt);
    }

    static StoredSession session(String clientId) {
        return new StoredSession(clientId, 3600, 0, null);
    }

    static StoredDelivery delivery(String clientId, long messageId) {
        return StoredDelivery.queued(clientId, messageId, 1, false, null);
    }

    static RetainedMessage retained(String topic, String payload, long expiryAt) {
        return new RetainedMessage(topic, 1, payload.getBytes(StandardCharsets.UTF_8), publishProperties(), NOW,
                expiryAt, "publisher");
    }

    static RestoredSession sessionOf(StoreSnapshot s, String clientId) {
        return s.sessions().stream().filter(r -> r.session().clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + clientId + " in snapshot"));
    }

    static List<Long> deliveryIds(StoreSnapshot s, String clientId) {
        return sessionOf(s, clientId).deliveries().stream().map(StoredDelivery::messageId).toList();
    }

    static List<String> retainedPayloads(StoreSnapshot s) {
        return s.retained().stream().map(r -> r.topic() + "=" + new String(r.payload(), StandardCharsets.UTF_8))
                .sorted().toList();
    }

    static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static int[] sorted(int[] values) {
        int[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** A second, independent connection: what is committed is visible to it (write-ahead log readers). */
    static long count(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A queued write in a few words (the records' own text is long); "other" for the lambdas. */
    static String describe(WriteOp op) {
        if (op instanceof WriteOp.AddMessage a) {
            return "add " + a.message().id() + " " + a.deliveries().stream().map(StoredDelivery::clientId)
                    .collect(Collectors.joining(", ", "[", "]"));
        } else if (op instanceof WriteOp.MarkInflight m) {
            return "inflight " + m.clientId() + " " + m.messageId();
        } else if (op instanceof WriteOp.MarkReleased m) {
            return "released " + m.clientId() + " " + m.messageId();
        } else if (op instanceof WriteOp.DeleteDelivery d) {
            return "delete " + d.clientId() + " " + d.messageId();
        } else if (op instanceof WriteOp.Cancelled c) {
            return "cancelled " + c.messageId();
        }
        return "other";
    }
}
