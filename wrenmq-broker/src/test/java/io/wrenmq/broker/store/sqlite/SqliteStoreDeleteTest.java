package io.wrenmq.broker.store.sqlite;

import static io.wrenmq.broker.store.sqlite.StoreTests.await;
import static io.wrenmq.broker.store.sqlite.StoreTests.config;
import static io.wrenmq.broker.store.sqlite.StoreTests.count;
import static io.wrenmq.broker.store.sqlite.StoreTests.delivery;
import static io.wrenmq.broker.store.sqlite.StoreTests.deliveryIds;
import static io.wrenmq.broker.store.sqlite.StoreTests.message;
import static io.wrenmq.broker.store.sqlite.StoreTests.reopen;
import static io.wrenmq.broker.store.sqlite.StoreTests.retainedPayloads;
import static io.wrenmq.broker.store.sqlite.StoreTests.session;
import static io.wrenmq.broker.store.sqlite.StoreTests.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.broker.store.StoredSubscription;
import io.wrenmq.codec.Subscription;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteStoreDeleteTest {
    @TempDir
    Path dir;
    private Path file;
    private PersistenceConfig config;

    @BeforeEach
    void setUp() {
        file = dir.resolve("wrenmq.db");
        config = config(file);
    }

    @Test
    void theMessageRowGoesWithItsLastDelivery() throws Exception {
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(StoreTests.NOW);
            store.saveSession(session("a"));
            store.saveSession(session("b"));
            long id = store.nextMessageId();
            await(store.addMessage(message(id, "t", "x", 0), List.of(delivery("a", id), delivery("b", id))));
            assertThat(count(file, "SELECT count(*) FROM message")).isEqualTo(1);

            store.deleteDelivery("a", id);
            await(store.deleteRetained("barrier"));
            assertThat(count(file, "SELECT count(*) FROM message")).as("still referenced by b").isEqualTo(1);

            store.deleteDelivery("b", id);
            await(store.deleteRetained("barrier"));
            assertThat(count(file, "SELECT count(*) FROM message")).isZero();
            assertThat(count(file, "SELECT count(*) FROM delivery")).isZero();
        }
        StoreSnapshot s = reopen(config);
        assertThat(s.messages()).isEmpty();
        assertThat(sessionOf(s, "a").deliveries()).isEmpty();
    }

    @Test
    void deleteSessionRemovesItsRowsAndTheMessagesOnlyItReferenced() throws Exception {
        long shared;
        long own;
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(StoreTests.NOW);
            store.saveSession(session("a"));
            store.saveSession(session("b"));
            store.saveSubscription("a", new StoredSubscription(new Subscription("a/#", 1), 0));
            store.saveSubscription("b", new StoredSubscription(new Subscription("b/#", 1), 0));
            shared = store.nextMessageId();
            own = store.nextMessageId();
            store.addMessage(message(shared, "t", "shared", 0), List.of(delivery("a", shared), delivery("b", shared)));
            store.addMessage(message(own, "t", "own", 0), List.of(delivery("a", own)));
            store.addInboundQos2("a", 9);
            store.deleteSession("a");
            // A delivery removed with its session may still be acknowledged: a no-op, b keeps its reference.
            store.deleteDelivery("a", shared);
            await(store.deleteRetained("barrier"));
            assertThat(count(file, "SELECT count(*) FROM subscription WHERE client_id = 'a'")).isZero();
            assertThat(count(file, "SELECT count(*) FROM inbound_qos2")).isZero();
            assertThat(count(file, "SELECT count(*) FROM delivery WHERE client_id = 'a'")).isZero();
            assertThat(count(file, "SELECT count(*) FROM message WHERE id = " + own)).isZero();
            assertThat(count(file, "SELECT count(*) FROM message WHERE id = " + shared)).isEqualTo(1);
        }
        StoreSnapshot s = reopen(config);
        assertThat(s.sessions()).extracting(r -> r.session().clientId()).containsExactly("b");
        assertThat(sessionOf(s, "b").subscriptions()).hasSize(1);
        assertThat(deliveryIds(s, "b")).containsExactly(shared);
        assertThat(s.messages()).containsOnlyKeys(shared);
    }

    @Test
    void singleRowDeletes() {
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(StoreTests.NOW);
            store.saveSession(session("a"));
            store.saveSubscription("a", new StoredSubscription(new Subscription("keep", 1), 0));
            store.saveSubscription("a", new StoredSubscription(new Subscription("drop", 1), 0));
            store.deleteSubscription("a", "drop");
            await(store.addInboundQos2("a", 1));
            await(store.addInboundQos2("a", 2));
            await(store.deleteInboundQos2("a", 1));
            await(store.putRetained(StoreTests.retained("r/1", "one", 0)));
            await(store.putRetained(StoreTests.retained("r/2", "two", 0)));
            await(store.putRetained(StoreTests.retained("r/1", "replaced", 0)));
            await(store.deleteRetained("r/2"));
        }
        StoreSnapshot s = reopen(config);
        assertThat(sessionOf(s, "a").subscriptions()).extracting(sub -> sub.options().topicFilter())
                .containsExactly("keep");
        assertThat(sessionOf(s, "a").inboundQos2()).containsExactly(2);
        assertThat(retainedPayloads(s)).containsExactly("r/1=replaced");
    }

    @Test
    void addMessageWithoutDeliveriesStoresNothing() throws Exception {
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(StoreTests.NOW);
            long id = store.nextMessageId();
            assertThat(store.addMessage(message(id, "t", "x", 0), List.of())).isCompleted();
            await(store.deleteRetained("barrier"));
            assertThat(count(file, "SELECT count(*) FROM message")).isZero();
        }
    }

    @Test
    void openPurgesExpiredAndOrphanedRowsButKeepsSessions() throws Exception {
        long now = StoreTests.NOW;
        long expired;
        long fresh;
        long orphaned;
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(now);
            store.saveSession(session("a"));
            store.saveSession(new StoredSession("gone", 10, now - 3_600_000, null)); // expired: kept all the same
            store.saveSession(session("b"));
            expired = store.nextMessageId();
            fresh = store.nextMessageId();
            orphaned = store.nextMessageId();
            store.addMessage(message(expired, "t", "old", now + 1_000), List.of(delivery("a", expired)));
            store.addMessage(message(fresh, "t", "new", now + 60_000), List.of(delivery("a", fresh)));
            store.addMessage(message(orphaned, "t", "orphan", 0), List.of(delivery("b", orphaned)));
            store.putRetained(StoreTests.retained("r/old", "old", now + 1_000));
            store.putRetained(StoreTests.retained("r/new", "new", now + 60_000));
            store.putRetained(StoreTests.retained("r/forever", "forever", 0));
            await(store.deleteRetained("barrier"));
        }
        // A crash left rows of a session whose row is gone (written by hand: the store never does this itself).
        StoreTests.execute(file, "DELETE FROM session WHERE client_id = 'b'");
        StoreTests.execute(file, "INSERT INTO subscription VALUES ('b', 'x', 1, 0, 0, 0, 0)");
        StoreTests.execute(file, "INSERT INTO inbound_qos2 VALUES ('b', 3)");

        StoreSnapshot s = reopen(config, now + 2_000);

        assertThat(s.sessions()).extracting(r -> r.session().clientId()).containsExactlyInAnyOrder("a", "gone");
        assertThat(deliveryIds(s, "a")).containsExactly(fresh);
        assertThat(s.messages()).containsOnlyKeys(fresh);
        assertThat(retainedPayloads(s)).containsExactly("r/forever=forever", "r/new=new");
        for (String table : List.of("delivery", "subscription", "inbound_qos2")) {
            assertThat(count(file, "SELECT count(*) FROM " + table + " WHERE client_id = 'b'")).as(table).isZero();
        }
        assertThat(count(file, "SELECT count(*) FROM message")).isEqualTo(1);
        assertThat(count(file, "SELECT count(*) FROM retained")).isEqualTo(2);
    }
}
