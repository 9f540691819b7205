package io.wrenmq.broker.store.sqlite;

import static io.wrenmq.broker.store.sqlite.StoreTests.NOW;
import static io.wrenmq.broker.store.sqlite.StoreTests.await;
import static io.wrenmq.broker.store.sqlite.StoreTests.config;
import static io.wrenmq.broker.store.sqlite.StoreTests.count;
import static io.wrenmq.broker.store.sqlite.StoreTests.delivery;
import static io.wrenmq.broker.store.sqlite.StoreTests.message;
import static io.wrenmq.broker.store.sqlite.StoreTests.reopen;
import static io.wrenmq.broker.store.sqlite.StoreTests.retainedPayloads;
import static io.wrenmq.broker.store.sqlite.StoreTests.session;
import static io.wrenmq.broker.store.sqlite.StoreTests.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoreException;
import io.wrenmq.broker.store.StoreSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteStoreWriterTest {
    @TempDir
    Path dir;

    @Test
    void aCompletedFutureMeansTheWriteIsCommitted() throws Exception {
        Path file = dir.resolve("wrenmq.db");
        BrokerMetrics metrics = new BrokerMetrics();
        try (SqliteStore store = new SqliteStore(config(file), metrics)) {
            store.open(NOW);
            store.saveSession(session("a"));
            long id = store.nextMessageId();
            CompletableFuture<Void> f = store.addMessage(message(id, "t", "x", 0), List.of(delivery("a", id)));
            await(f);
            // Read through another connection while the store is open: only committed rows are visible to it.
            assertThat(count(file, "SELECT count(*) FROM message WHERE id = " + id)).isEqualTo(1);
            assertThat(count(file, "SELECT count(*) FROM delivery WHERE message_id = " + id)).isEqualTo(1);
            assertThat(metrics.storeCommits.sum()).isPositive();
            assertThat(metrics.storeWrites.sum()).isEqualTo(2);
        }
    }

    @Test
    void futuresCompleteInTheOrderTheWritesWereQueued() {
        PersistenceConfig config = config(dir.resolve("wrenmq.db"));
        ConcurrentLinkedQueue<Integer> completed = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(NOW);
            for (int i = 0; i < 2_000; i++) {
                int n = i;
                CompletableFuture<Void> f = store.putRetained(StoreTests.retained("t/" + (i % 10), "v" + i, 0));
                all.add(f.thenRun(() -> completed.add(n)));
            }
            await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
        }
        assertThat(List.copyOf(completed)).hasSize(2_000).isSorted();
        assertThat(retainedPayloads(reopen(config))).containsExactly("t/0=v1990", "t/1=v1991", "t/2=v1992",
                "t/3=v1993", "t/4=v1994", "t/5=v1995", "t/6=v1996", "t/7=v1997", "t/8=v1998", "t/9=v1999");
    }

    /** Each thread's writes depend on their own order (add, mark, delete); the end state shows none overtook. */
    @Test
    void writesFromFourThreadsKeepEachThreadsOrder() throws Exception {
        PersistenceConfig config = config(dir.resolve("wrenmq.db"));
        int threads = 4;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (SqliteStore store = new SqliteStore(config, new BrokerMetrics())) {
            store.open(NOW);
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String client = "c" + t;
                done.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    store.saveSession(session(client));
                    for (int i = 0; i < perThread; i++) {
                        long id = store.nextMessageId();
                        store.addMessage(message(id, "t", client + i, 0), List.of(delivery(client, id)));
                        store.markInflight(client, id, i + 1);
                        if (i % 2 == 0) {
                            store.deleteDelivery(client, id); // acknowledged at once
                        }
                        store.putRetained(StoreTests.retained("last/" + client, client + "-" + i, 0));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        StoreSnapshot s = reopen(config);
        for (int t = 0; t < threads; t++) {
            String client = "c" + t;
            var deliveries = sessionOf(s, client).deliveries();
            assertThat(deliveries).hasSize(perThread / 2);
            for (int k = 0; k < deliveries.size(); k++) {
                int i = 2 * k + 1;
                assertThat(deliveries.get(k).packetId()).isEqualTo(i + 1);
                assertThat(StoreTests.text(s.messages().get(deliveries.get(k).messageId()).payload()))
                        .isEqualTo(client + i);
            }
        }
        assertThat(s.messages()).hasSize(threads * perThread / 2);
        assertThat(retainedPayloads(s)).containsExactly("last/c0=c0-299", "last/c1=c1-299", "last/c2=c2-299",
                "last/c3=c3-299");
    }

    @Test
    void writesQueuedWithinTheFlushIntervalShareOneCommit() {
        BrokerMetrics metrics = new BrokerMetrics();
        PersistenceConfig config = config(dir.resolve("wrenmq.db")).flushInterval(Duration.ofMillis(5));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (SqliteStore store = new SqliteStore(config, metrics)) {
            store.open(NOW);
            for (int i = 0; i < 1_000; i++) {
                all.add(store.addInboundQos2("c", i + 1));
            }
            await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
        }
        assertThat(metrics.storeWrites.sum()).isEqualTo(1_000);
        assertThat(metrics.storeCommits.sum()).isLessThan(100);
    }

    @Test
    void closeAppliesWhatIsQueuedAndRefusesLaterWrites() {
        PersistenceConfig config = config(dir.resolve("wrenmq.db"));
        SqliteStore store = new SqliteStore(config, new BrokerMetrics());
        store.open(NOW);
        store.saveSession(session("a"));
        for (int i = 0; i < 500; i++) {
            store.addInboundQos2("a", i + 1);
        }
        store.close(); // no future awaited: close itself must let the writer finish

        CompletableFuture<Void> late = store.addInboundQos2("a", 1_000);
        store.saveSession(session("late")); // ignored, must not throw
        store.close(); // idempotent
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StoreException.class).hasMessageContaining("store closed");

        StoreSnapshot s = reopen(config);
        assertThat(sessionOf(s, "a").inboundQos2()).hasSize(500);
        assertThat(s.sessions()).hasSize(1);
    }

    @Test
    void theWriterThreadIsADaemonNamedForThreadDumpsAndEndsWithClose() throws Exception {
        SqliteStore store = new SqliteStore(config(dir.resolve("wrenmq.db")), new BrokerMetrics());
        store.open(NOW);
        Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("wrenmq-store-writer") && t.isAlive()).findFirst().orElseThrow();
        assertThat(writer.isDaemon()).isTrue();
        store.close();
        writer.join(10_000);
        assertThat(writer.isAlive()).isFalse();
    }
}
