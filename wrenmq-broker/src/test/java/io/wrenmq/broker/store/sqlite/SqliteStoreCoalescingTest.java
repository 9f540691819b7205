package io.wrenmq.broker.store.sqlite;

import static io.wrenmq.broker.store.sqlite.StoreTests.NOW;
import static io.wrenmq.broker.store.sqlite.StoreTests.await;
import static io.wrenmq.broker.store.sqlite.StoreTests.config;
import static io.wrenmq.broker.store.sqlite.StoreTests.count;
import static io.wrenmq.broker.store.sqlite.StoreTests.delivery;
import static io.wrenmq.broker.store.sqlite.StoreTests.deliveryIds;
import static io.wrenmq.broker.store.sqlite.StoreTests.message;
import static io.wrenmq.broker.store.sqlite.StoreTests.reopen;
import static io.wrenmq.broker.store.sqlite.StoreTests.session;
import static io.wrenmq.broker.store.sqlite.StoreTests.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoreException;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredDelivery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write coalescing seen from outside: a delivery added and deleted within one batch never reaches the file,
 * the rest of the batch does, and every future still waits for the commit. Triggers log each row the writer
 * inserts, updates or deletes in the message and delivery tables, so a statement that ran shows up (one that
 * found no row would not, but in these batches each statement without coalescing finds its row).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteStoreCoalescingTest {
    /** Long enough that everything a test queues at once lands in one batch. */
    private static final Duration FLUSH = Duration.ofMillis(100);

    @TempDir
    Path dir;
    private Path file;
    private PersistenceConfig config;
    private final BrokerMetrics metrics = new BrokerMetrics();

    @BeforeEach
    void setUp() {
        file = dir.resolve("wrenmq.db");
        config = config(file).flushInterval(FLUSH);
    }

    @Test
    void aDeliveryAckedWithinTheBatchIsDroppedAndTheOtherStays() throws Exception {
        long id;
        try (SqliteStore store = open()) {
            id = store.nextMessageId();
            long commits = metrics.storeCommits.sum();
            sentAndAcked(store, id, "a", "b");
            await(barrier(store));
            assertThat(metrics.storeCommits.sum()).as("one batch").isEqualTo(commits + 1);
            assertThat(log()).containsExactly("insert message " + id, "insert delivery b " + id);
        }
        StoreSnapshot s = reopen(config);
        assertThat(s.messages()).containsOnlyKeys(id);
        assertThat(deliveryIds(s, "a")).isEmpty();
        assertThat(deliveryIds(s, "b")).containsExactly(id);

        // The message counts one reference (b's): b's acknowledgement removes it.
        try (SqliteStore store = open()) {
            store.deleteDelivery("b", id);
            await(barrier(store));
            assertThat(count(file, "SELECT count(*) FROM message")).isZero();
        }
        assertThat(reopen(config).messages()).isEmpty();
    }

    /** The same in one store lifetime: the in-memory count must be 1 too, not only the one read at open. */
    @Test
    void theReferenceCountOfAPartlyCancelledMessageIsRight() throws Exception {
        try (SqliteStore store = open()) {
            long id = store.nextMessageId();
            sentAndAcked(store, id, "a", "b");
            await(barrier(store));
            assertThat(count(file, "SELECT count(*) FROM message")).isEqualTo(1);

            store.deleteDelivery("b", id);
            await(barrier(store));
            assertThat(count(file, "SELECT count(*) FROM message")).isZero();
            assertThat(log()).containsExactly("insert message " + id, "insert delivery b " + id,
                    "delete delivery b " + id, "delete message " + id);
        }
    }

    @Test
    void aMessageWhoseOnlyDeliveryIsAckedWithinTheBatchIsNeverWritten() throws Exception {
        long id;
        try (SqliteStore store = open()) {
            id = store.nextMessageId();
            long writes = metrics.storeWrites.sum();
            long commits = metrics.storeCommits.sum();
            CompletableFuture<Void> added = sentAndAcked(store, id, "a");
            await(barrier(store));
            assertThat(added).isCompleted();
            assertThat(metrics.storeCommits.sum()).as("one batch").isEqualTo(commits + 1);
            assertThat(metrics.storeWrites.sum()).as("only the barrier was applied").isEqualTo(writes + 1);
            assertThat(log()).as("no statement touched a message or delivery row").isEmpty();
        }
        assertThat(reopen(config).messages()).isEmpty();
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(NOW);
            assertThat(store.nextMessageId()).as("the cancelled message's id is not handed out again")
                    .isGreaterThan(id);
        }
    }

    /**
     * Once the first message reserved a block of ids, a batch whose writes were all cancelled changes nothing in the
     * file (no high-water mark either): the writer runs no transaction for it, and another connection sees no new
     * version.
     */
    @Test
    void aBatchOfCancelledWritesLeavesTheFileAlone() throws Exception {
        try (SqliteStore store = open(); Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            await(sentAndAcked(store, store.nextMessageId(), "a"));
            long version = dataVersion(reader);
            long commits = metrics.storeCommits.sum();
            for (int i = 0; i < 3; i++) {
                await(sentAndAcked(store, store.nextMessageId(), "a"));
            }
            assertThat(dataVersion(reader)).isEqualTo(version);
            assertThat(metrics.storeCommits.sum()).as("no transaction").isEqualTo(commits);
            assertThat(log()).isEmpty();
        }
    }

    private static long dataVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aDeleteOfADeliveryCommittedInAnEarlierBatchStillDeletes() throws Exception {
        long id;
        try (SqliteStore store = open()) {
            id = store.nextMessageId();
            await(store.addMessage(message(id, "t", "x", 0), List.of(delivery("a", id))));
            store.markInflight("a", id, 1);
            store.deleteDelivery("a", id);
            await(barrier(store));
            assertThat(log()).containsExactly("insert message " + id, "insert delivery a " + id,
                    "update delivery a " + id, "delete delivery a " + id, "delete message " + id);
        }
        assertThat(reopen(config).messages()).isEmpty();
    }

    /** Writes of other messages and of other clients in the same batch are applied as queued. */
    @Test
    void onlyTheAckedDeliveriesOfABusyBatchAreCancelled() throws Exception {
        List<Long> kept = new ArrayList<>();
        try (SqliteStore store = open()) {
            for (int i = 0; i < 50; i++) {
                long id = store.nextMessageId();
                store.addMessage(message(id, "t", "m" + i, 0), List.of(delivery("a", id)));
                store.markInflight("a", id, i + 1);
                if (i % 5 == 0) {
                    kept.add(id); // not acknowledged yet
                } else {
                    store.deleteDelivery("a", id);
                }
            }
            await(barrier(store));
            assertThat(log()).hasSize(3 * kept.size()); // insert message, insert delivery, update delivery
        }
        StoreSnapshot s = reopen(config);
        assertThat(deliveryIds(s, "a")).containsExactlyElementsOf(kept);
        assertThat(sessionOf(s, "a").deliveries()).extracting(d -> d.packetId()).containsExactly(1, 6, 11, 16, 21,
                26, 31, 36, 41, 46);
        assertThat(s.messages()).containsOnlyKeys(kept);
    }

    /**
     * A cancelled write's future completes with its batch's commit, in queue order: a write queued after it
     * in the same batch is already visible to another connection by then.
     */
    @Test
    void theFuturesOfCancelledWritesCompleteOnlyOnceTheBatchIsCommitted() throws Exception {
        config = config(file).flushInterval(Duration.ofMillis(500));
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        try (SqliteStore store = open()) {
            long id = store.nextMessageId();
            CompletableFuture<Void> added = store.addMessage(message(id, "t", "x", 0), List.of(delivery("a", id)));
            CompletableFuture<Void> sent = store.markInflight("a", id, 1);
            store.deleteDelivery("a", id);
            CompletableFuture<Void> later = store.putRetained(StoreTests.retained("after", "v", 0));
            assertThat(added).as("not before the batch is applied").isNotDone();
            assertThat(sent).isNotDone();
            added.thenRun(() -> seen.add("added: " + committedRetained()));
            sent.thenRun(() -> seen.add("sent: " + committedRetained()));
            later.thenRun(() -> seen.add("later"));
            await(later);
            assertThat(log()).as("the writes were cancelled").isEmpty();
        }
        assertThat(List.copyOf(seen)).containsExactly("added: 1", "sent: 1", "later");
    }

    /** Cancelled writes share the fate of their transaction: when it cannot even begin, they fail with it. */
    @Test
    void theFuturesOfCancelledWritesFailWhenTheirTransactionFails() throws Exception {
        try (SqliteStore store = open(); Connection locker = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement lock = locker.createStatement()) {
            long id = store.nextMessageId();
            lock.execute("BEGIN IMMEDIATE"); // holds the write lock longer than the writer's busy timeout (5 s)
            CompletableFuture<Void> added = store.addMessage(message(id, "t", "x", 0), List.of(delivery("a", id)));
            CompletableFuture<Void> sent = store.markInflight("a", id, 1);
            store.deleteDelivery("a", id);
            assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(StoreException.class);
            assertThat(added).isCompletedExceptionally();
            lock.execute("ROLLBACK");

            await(barrier(store)); // the store goes on
        }
        assertThat(reopen(config).messages()).isEmpty();
    }

    /** The addMessage left with a delivery fails by itself; the cancelled writes are not blamed for it. */
    @Test
    void aFailingAddIsReportedAloneAndItsCancelledWritesSucceed() throws Exception {
        config = config(file).flushInterval(Duration.ofMillis(300)).maxSizeBytes(160 * 1024);
        try (SqliteStore store = open()) {
            long id = store.nextMessageId();
            CompletableFuture<Void> added = store.addMessage(message(id, "t", new byte[200 * 1024], 0),
                    List.of(delivery("a", id), delivery("b", id)));
            CompletableFuture<Void> sent = store.markInflight("a", id, 1);
            store.deleteDelivery("a", id);
            CompletableFuture<Void> after = store.addInboundQos2("a", 1);
            assertThatThrownBy(() -> added.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("full");
            await(sent);
            await(after);
            assertThat(metrics.storeErrors.sum()).isEqualTo(1);
        }
        StoreSnapshot s = reopen(config);
        assertThat(s.messages()).isEmpty();
        assertThat(sessionOf(s, "a").inboundQos2()).containsExactly(1);
    }

    /**
     * Queues what an online subscriber causes: the message stored for {@code acked} and {@code others}, sent to
     * {@code acked} and acknowledged by it. Returns the addMessage's future.
     */
    private static CompletableFuture<Void> sentAndAcked(SqliteStore store, long id, String acked,
            String... others) {
        List<StoredDelivery> rows = new ArrayList<>();
        rows.add(delivery(acked, id));
        for (String other : others) {
            rows.add(delivery(other, id));
        }
        CompletableFuture<Void> added = store.addMessage(message(id, "t", "x", 0), rows);
        store.markInflight(acked, id, 1);
        store.deleteDelivery(acked, id);
        return added;
    }

    private SqliteStore open() throws SQLException {
        SqliteStore store = new SqliteStore(config, metrics);
        store.open(NOW);
        installLog();
        store.saveSession(session("a"));
        store.saveSession(session("b"));
        await(barrier(store));
        return store;
    }

    /** A write with a future, queued last: when it completes, everything queued before it is done. */
    private static CompletableFuture<Void> barrier(SqliteStore store) {
        return store.deleteRetained("barrier");
    }

    private void installLog() throws SQLException {
        StoreTests.execute(file, "CREATE TABLE IF NOT EXISTS row_log (seq INTEGER PRIMARY KEY, what TEXT NOT NULL)");
        StoreTests.execute(file, "DELETE FROM row_log");
        String[][] triggers = {
            {"INSERT ON message", "'insert message ' || new.id"},
            {"DELETE ON message", "'delete message ' || old.id"},
            {"INSERT ON delivery", "'insert delivery ' || new.client_id || ' ' || new.message_id"},
            {"UPDATE ON delivery", "'update delivery ' || new.client_id || ' ' || new.message_id"},
            {"DELETE ON delivery", "'delete delivery ' || old.client_id || ' ' || old.message_id"},
        };
        for (int i = 0; i < triggers.length; i++) {
            StoreTests.execute(file, "CREATE TRIGGER IF NOT EXISTS row_log_" + i + " AFTER " + triggers[i][0]
                    + " BEGIN INSERT INTO row_log (what) VALUES (" + triggers[i][1] + "); END");
        }
    }

    /** The rows the writer changed, in order, as committed. */
    private List<String> log() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT what FROM row_log ORDER BY seq")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private long committedRetained() {
        try {
            return count(file, "SELECT count(*) FROM retained WHERE topic = 'after'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
