package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.codec.Properties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Not a test: a manual measurement of the store writes an online persistent QoS 1 subscriber causes per message
 * (addMessage, markInflight, deleteDelivery), the way the broker queues them: the publisher waits for its
 * addMessage with a window of outstanding ones, the subscriber's acknowledgement follows {@code ackLag} messages
 * later. Run from wrenmq-broker after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.wrenmq.broker.store.sqlite.DeliveryChurnBench \
 *     [messages=200000] [ackLag=0] [window=1000] [sync=FULL] [flushMillis=0] [offline=0]
 * </pre>
 *
 * {@code offline} adds that many subscribers who never acknowledge (their deliveries stay).
 */
public final class DeliveryChurnBench {
    private DeliveryChurnBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = arg(args, 0, 200_000);
        int ackLag = arg(args, 1, 0);
        int window = arg(args, 2, 1000);
        PersistenceConfig.Sync sync = PersistenceConfig.Sync.valueOf(args.length > 3 ? args[3] : "FULL");
        int flushMillis = arg(args, 4, 0);
        int offline = arg(args, 5, 0);
        run(Math.max(messages / 10, 1_000), ackLag, window, sync, flushMillis, offline, false); // warm-up
        run(messages, ackLag, window, sync, flushMillis, offline, true);
    }

    private static void run(int messages, int ackLag, int window, PersistenceConfig.Sync sync, int flushMillis,
            int offline, boolean print) throws Exception {
        Path dir = Files.createTempDirectory("wrenmq-bench");
        PersistenceConfig config = new PersistenceConfig().type(PersistenceConfig.Type.SQLITE)
                .path(dir.resolve("wrenmq.db")).sync(sync).flushInterval(Duration.ofMillis(flushMillis));
        BrokerMetrics metrics = new BrokerMetrics();
        byte[] payload = new byte[100];
        long start;
        long end;
        try (SqliteStore store = new SqliteStore(config, metrics)) {
            store.open(System.currentTimeMillis());
            store.saveSession(StoreTests.session("sub"));
            for (int o = 0; o < offline; o++) {
                store.saveSession(StoreTests.session("off" + o));
            }
            ArrayDeque<CompletableFuture<Void>> outstanding = new ArrayDeque<>();
            long[] ids = new long[messages];
            start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                long id = store.nextMessageId();
                ids[i] = id;
                List<StoredDelivery> rows = new ArrayList<>(1 + offline);
                rows.add(StoredDelivery.queued("sub", id, 1, false, null));
                for (int o = 0; o < offline; o++) {
                    rows.add(StoredDelivery.queued("off" + o, id, 1, false, null));
                }
                outstanding.add(store.addMessage(new StoredMessage(id, "bench/t", 1, false, Properties.EMPTY,
                        payload, "pub", 0), rows));
                store.markInflight("sub", id, (i % 65_535) + 1);
                if (i >= ackLag) {
                    store.deleteDelivery("sub", ids[i - ackLag]);
                }
                while (outstanding.size() > window) {
                    outstanding.poll().join();
                }
            }
            for (int i = Math.max(0, messages - ackLag); i < messages; i++) {
                store.deleteDelivery("sub", ids[i]);
            }
            store.deleteRetained("barrier").join();
            end = System.nanoTime();
        }
        double seconds = (end - start) / 1e9;
        if (print) {
            System.out.printf("messages=%d ackLag=%d window=%d sync=%s flush=%dms offline=%d: %.2f s, %.0f msg/s,"
                    + " %.0f queued writes/s, applied writes=%d, commits=%d (%.1f msg/commit)%n", messages, ackLag,
                    window, sync, flushMillis, offline, seconds, messages / seconds,
                    (3.0 * messages + 1) / seconds, metrics.storeWrites.sum(), metrics.storeCommits.sum(),
                    (double) messages / metrics.storeCommits.sum());
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
