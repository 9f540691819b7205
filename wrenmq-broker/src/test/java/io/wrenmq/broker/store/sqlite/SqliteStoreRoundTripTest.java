package io.wrenmq.broker.store.sqlite;

import static io.wrenmq.broker.store.sqlite.StoreTests.NOW;
import static io.wrenmq.broker.store.sqlite.StoreTests.await;
import static io.wrenmq.broker.store.sqlite.StoreTests.config;
import static io.wrenmq.broker.store.sqlite.StoreTests.delivery;
import static io.wrenmq.broker.store.sqlite.StoreTests.message;
import static io.wrenmq.broker.store.sqlite.StoreTests.reopen;
import static io.wrenmq.broker.store.sqlite.StoreTests.sessionOf;
import static io.wrenmq.broker.store.sqlite.StoreTests.session;
import static io.wrenmq.broker.store.sqlite.StoreTests.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoreSnapshot.RestoredSession;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.broker.store.StoredSubscription;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.Will;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteStoreRoundTripTest {
    @TempDir
    Path dir;

    private static final Properties WILL_PROPERTIES = Properties.builder()
            .put(PropertyId.WILL_DELAY_INTERVAL, 30)
            .putString(PropertyId.CONTENT_TYPE, "application/json")
            .addUserProperty("why", "gone")
            .build();

    @Test
    void everythingWrittenIsReadBackAfterRestart() {
        PersistenceConfig config = config(dir.resolve("wrenmq.db"));
        Will will = new Will("last/will", 2, true, new byte[] {0, 1, (byte) 0xFF}, WILL_PROPERTIES);
        StoredSession withWill = new StoredSession("alice", 0xFFFFFFFFL, NOW - 5_000, will);
        StoredSession noWill = new StoredSession("bob", 120, 0, null);
        StoredSubscription shared = new StoredSubscription(new Subscription("$share/g/a/#", 2, true, true, 2), 7);
        StoredSubscription plain = new StoredSubscription(new Subscription("x/+/y", 1), 0);
        StoredMessage m = new StoredMessage(0, "a/b", 2, true, StoreTests.publishProperties(),
                "hello".getBytes(StandardCharsets.UTF_8), "carol", NOW + 60_000);
        StoredMessage later = message(0, "a/c", "second", 0);
        RetainedMessage retained = StoreTests.retained("r/t", "kept", NOW + 60_000);

        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            assertThat(store.open(NOW).sessions()).isEmpty();
            m = withId(m, store.nextMessageId());
            later = withId(later, store.nextMessageId());
            store.saveSession(withWill);
            store.saveSession(noWill);
            store.saveSubscription("alice", shared);
            store.saveSubscription("alice", plain);
            StoredDelivery toAlice = StoredDelivery.queued("alice", m.id(), 2, true, new int[] {7, 300_000});
            await(store.addMessage(m, List.of(toAlice, delivery("bob", m.id()))));
            await(store.addMessage(later, List.of(delivery("alice", later.id()))));
            await(store.markInflight("alice", m.id(), 42));
            await(store.markReleased("alice", m.id()));
            await(store.markInflight("bob", m.id(), 43));
            await(store.addInboundQos2("alice", 5));
            await(store.addInboundQos2("alice", 65535));
            await(store.putRetained(retained));
        }

        StoreSnapshot s = reopen(config);

        RestoredSession alice = sessionOf(s, "alice");
        assertThat(alice.session()).usingRecursiveComparison()
                .withEqualsForType(Properties::equals, Properties.class).isEqualTo(withWill);
        assertThat(alice.subscriptions()).containsExactlyInAnyOrder(shared, plain);
        assertThat(alice.deliveries()).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new StoredDelivery("alice", m.id(), 2, true, new int[] {7, 300_000}, 42, true),
                new StoredDelivery("alice", later.id(), 1, false, new int[0], 0, false));
        assertThat(sorted(alice.inboundQos2())).containsExactly(5, 65535);

        RestoredSession bob = sessionOf(s, "bob");
        assertThat(bob.session()).isEqualTo(noWill);
        assertThat(bob.subscriptions()).isEmpty();
        assertThat(bob.deliveries()).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new StoredDelivery("bob", m.id(), 1, false, new int[0], 43, false));
        assertThat(bob.inboundQos2()).isEmpty();

        assertThat(s.messages()).containsOnlyKeys(m.id(), later.id());
        assertThat(s.messages().get(m.id())).usingRecursiveComparison()
                .withEqualsForType(Properties::equals, Properties.class).isEqualTo(m);
        assertThat(s.messages().get(later.id())).usingRecursiveComparison()
                .withEqualsForType(Properties::equals, Properties.class).isEqualTo(later);
        assertThat(s.retained()).singleElement().usingRecursiveComparison()
                .withEqualsForType(Properties::equals, Properties.class).isEqualTo(retained);
    }

    @Test
    void deliveriesKeepTheOrderTheyWereStoredIn() {
        PersistenceConfig config = config(dir.resolve("wrenmq.db"));
        List<Long> expected = new ArrayList<>();
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(NOW);
            store.saveSession(session("c"));
            List<StoredMessage> messages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                messages.add(message(store.nextMessageId(), "t", "m" + i, 0));
            }
            for (int i = 0; i < 20; i++) {
                // a middle one is finished and removed: later rows must still come after earlier ones
                long id = messages.get(i).id();
                store.addMessage(messages.get(i), List.of(delivery("c", id)));
                if (i == 10) {
                    store.deleteDelivery("c", id);
                } else {
                    expected.add(id);
                }
            }
            await(store.deleteRetained("nothing")); // the last write: everything before it is committed
        }
        assertThat(StoreTests.deliveryIds(reopen(config), "c")).containsExactlyElementsOf(expected);
    }

    @Test
    void messageIdsNeverRepeatAfterRestartEvenWhenTheNewestMessageWasDeleted() {
        PersistenceConfig config = config(dir.resolve("wrenmq.db"));
        long highest;
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(NOW);
            store.saveSession(session("c"));
            long kept = store.nextMessageId();
            await(store.addMessage(message(kept, "t", "kept", 0), List.of(delivery("c", kept))));
            highest = store.nextMessageId();
            await(store.addMessage(message(highest, "t", "gone", 0), List.of(delivery("c", highest))));
            store.deleteDelivery("c", highest); // max(message.id) is now below `highest`
        }
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            StoreSnapshot s = store.open(NOW);
            assertThat(s.messages()).hasSize(1);
            assertThat(store.nextMessageId()).isGreaterThan(highest);
        }
    }

    private static StoredMessage withId(StoredMessage m, long id) {
        return new StoredMessage(id, m.topic(), m.qos(), m.retain(), m.properties(), m.payload(),
                m.publisherClientId(), m.expiryAtMillis());
    }
}
