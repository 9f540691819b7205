package io.wrenmq.broker.store.sqlite;

import static io.wrenmq.broker.store.sqlite.StoreTests.NOW;
import static io.wrenmq.broker.store.sqlite.StoreTests.await;
import static io.wrenmq.broker.store.sqlite.StoreTests.config;
import static io.wrenmq.broker.store.sqlite.StoreTests.delivery;
import static io.wrenmq.broker.store.sqlite.StoreTests.deliveryIds;
import static io.wrenmq.broker.store.sqlite.StoreTests.message;
import static io.wrenmq.broker.store.sqlite.StoreTests.reopen;
import static io.wrenmq.broker.store.sqlite.StoreTests.retainedPayloads;
import static io.wrenmq.broker.store.sqlite.StoreTests.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoreException;
import io.wrenmq.broker.store.StoreSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** persistence.max_size: writes past it fail like on a full disk, the store keeps working and stays intact. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteStoreDiskFullTest {
    private static final long MAX_SIZE = 160 * 1024;
    private static final byte[] BIG = new byte[16 * 1024];

    @TempDir
    Path dir;

    @Test
    void aWritePastTheLimitFailsAndFreeingSpaceLetsTheNextOneSucceed() throws Exception {
        PersistenceConfig config = config(dir.resolve("wrenmq.db")).maxSizeBytes(MAX_SIZE);
        BrokerMetrics metrics = new BrokerMetrics();
        List<Long> stored = new ArrayList<>();
        try (SqliteStore store = new SqliteStore(config, metrics)) {
            store.open(NOW);
            store.saveSession(session("c"));
            Throwable failure = null;
            for (int i = 0; i < 100 && failure == null; i++) {
                long id = store.nextMessageId();
                failure = outcome(store.addMessage(message(id, "t", BIG, 0), List.of(delivery("c", id))));
                if (failure == null) {
                    stored.add(id);
                }
            }
            assertThat(stored).as("some fit before the limit").isNotEmpty();
            assertThat(failure).isInstanceOf(StoreException.class).hasMessageContaining("full")
                    .hasMessageContaining(config.path().getFileName().toString());
            assertThat(metrics.storeErrors.sum()).isPositive();

            store.deleteDelivery("c", stored.remove(0)); // frees the pages of one message
            long small = store.nextMessageId();
            await(store.addMessage(message(small, "t", "small", 0), List.of(delivery("c", small))));
            stored.add(small);
        }
        StoreSnapshot s = reopen(config); // open runs quick_check: the file is intact
        assertThat(deliveryIds(s, "c")).containsExactlyElementsOf(stored);
        assertThat(s.messages()).containsOnlyKeys(stored);
    }

    /**
     * Writes queued together share a batch: the one that does not fit fails alone, the others (including the
     * delete that frees space) are committed.
     */
    @Test
    void onlyTheWritesThatDoNotFitFailInABatch() throws Exception {
        PersistenceConfig config = config(dir.resolve("wrenmq.db")).maxSizeBytes(MAX_SIZE)
                .flushInterval(Duration.ofMillis(300)); // long enough that each burst below is one batch
        BrokerMetrics metrics = new BrokerMetrics();
        List<Long> ids = new ArrayList<>();
        List<Boolean> fitted = new ArrayList<>();
        try (SqliteStore store = new SqliteStore(config, metrics)) {
            store.open(NOW);
            store.saveSession(session("c"));
            List<CompletableFuture<Void>> burst = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                long id = store.nextMessageId();
                ids.add(id);
                burst.add(store.addMessage(message(id, "t", BIG, 0), List.of(delivery("c", id))));
            }
            for (CompletableFuture<Void> f : burst) {
                fitted.add(outcome(f) == null);
            }
            assertThat(fitted).as("a prefix fits, the rest fails").contains(true, false)
                    .isSortedAccordingTo((a, b) -> Boolean.compare(b, a));

            store.deleteDelivery("c", ids.get(0));
            long huge = store.nextMessageId();
            CompletableFuture<Void> tooBig = store.addMessage(message(huge, "t", new byte[100 * 1024], 0),
                    List.of(delivery("c", huge)));
            CompletableFuture<Void> small = store.putRetained(StoreTests.retained("r", "small", 0));
            assertThat(outcome(tooBig)).hasMessageContaining("full");
            await(small);
        }
        List<Long> expected = new ArrayList<>();
        for (int i = 1; i < ids.size(); i++) {
            if (fitted.get(i)) {
                expected.add(ids.get(i));
            }
        }
        StoreSnapshot s = reopen(config);
        assertThat(deliveryIds(s, "c")).containsExactlyElementsOf(expected);
        assertThat(retainedPayloads(s)).containsExactly("r=small");
    }

    /** Null when the future completed normally, else the cause it failed with. */
    private static Throwable outcome(CompletableFuture<Void> future) throws InterruptedException, TimeoutException {
        try {
            future.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
