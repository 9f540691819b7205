package io.wrenmq.broker.store.sqlite;

import static io.wrenmq.broker.store.sqlite.StoreTests.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.sqlite.StoreWriter.Pending;
import io.wrenmq.broker.store.sqlite.WriteOp.AddForwarded;
import io.wrenmq.broker.store.sqlite.WriteOp.AddMessage;
import io.wrenmq.broker.store.sqlite.WriteOp.Cancelled;
import io.wrenmq.broker.store.sqlite.WriteOp.DeleteDelivery;
import io.wrenmq.broker.store.sqlite.WriteOp.MarkInflight;
import io.wrenmq.broker.store.sqlite.WriteOp.MarkReleased;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random batches of delivery writes (with deleteSession, saveSession and writes that fail among them), applied
 * to two stores: as one coalesced batch, and one write per transaction (nothing to coalesce). After every batch
 * both files, the reference counts and the futures' outcomes must be the same.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoalescingEquivalenceTest {
    private static final String[] CLIENTS = {"a", "b", "c"};
    private static final int BATCHES = 400;

    @TempDir
    Path dir;

    @Test
    void aCoalescedBatchEndsInTheStateOfItsWritesAppliedOneByOne() throws Exception {
        Random random = new Random(20240611L);
        int cancelled = 0;
        try (Writer batched = new Writer(dir.resolve("batched.db"));
                Writer single = new Writer(dir.resolve("single.db"))) {
            for (int n = 0; n < BATCHES; n++) {
                List<WriteOp> ops = randomBatch(random, n);
                List<Pending> batch = pending(ops);
                batched.applier.apply(batch);
                List<Pending> reference = pending(ops);
                for (Pending p : reference) {
                    single.applier.apply(new ArrayList<>(List.of(p)));
                }
                String context = "batch " + n + ": " + ops.stream().map(StoreTests::describe).toList();
                assertThat(batched.dump()).as(context).isEqualTo(single.dump());
                assertThat(outcomes(batch)).as(context).isEqualTo(outcomes(reference));
                cancelled += (int) batch.stream().filter(p -> p.op() instanceof Cancelled).count();
                assertThat(batched.metrics.storeWrites.sum() + cancelled).as(context)
                        .isEqualTo(single.metrics.storeWrites.sum());
            }
            assertThat(cancelled).as("the batches gave the coalescer work").isGreaterThan(BATCHES);

            // Every reference count is right: deleting each delivery left removes every message row.
            List<WriteOp> cleanUp = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + batched.file);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT client_id, message_id FROM delivery")) {
                while (rs.next()) {
                    cleanUp.add(new DeleteDelivery(rs.getString(1), rs.getLong(2)));
                }
            }
            assertThat(cleanUp).isNotEmpty();
            batched.applier.apply(pending(cleanUp));
            single.applier.apply(pending(cleanUp));
            for (Writer w : List.of(batched, single)) {
                assertThat(StoreTests.count(w.file, "SELECT count(*) FROM message")).isZero();
                assertThat(w.writes.refs().size()).isZero();
            }
        }
    }

    /**
     * Forwarded inserts held back by {@link HeldWrites} across batches (a fake clock; held for up to 3 batches),
     * among the same kinds of writes: once everything is released, both files, the counts and every future's
     * outcome are those of applying the writes one by one, and many forwarded inserts never ran.
     */
    @Test
    void heldForwardedInsertsEndInTheStateOfTheirWritesAppliedOneByOne() throws Exception {
        Random random = new Random(20261207L);
        HeldWrites held = new HeldWrites(3);
        List<Pending> all = new ArrayList<>();
        List<Pending> reference = new ArrayList<>();
        long[] nextId = {1};
        try (Writer batched = new Writer(dir.resolve("held.db"));
                Writer single = new Writer(dir.resolve("single.db"))) {
            for (int n = 0; n < BATCHES; n++) {
                List<WriteOp> ops = randomForwardedBatch(random, nextId);
                List<Pending> batch = pending(ops);
                all.addAll(batch);
                List<Pending> now = held.process(batch, n);
                if (!now.isEmpty()) {
                    batched.applier.apply(now);
                }
                for (Pending p : pending(ops)) {
                    reference.add(p);
                    single.applier.apply(new ArrayList<>(List.of(p)));
                }
            }
            long cancelled = held.cancelledCount();
            List<Pending> rest = new ArrayList<>();
            held.releaseAll(rest);
            batched.applier.apply(rest);
            assertThat(batched.dump()).isEqualTo(single.dump());
            assertThat(outcomes(all)).isEqualTo(outcomes(reference));
            assertThat(cancelled).as("forwarded inserts cancelled without SQL").isGreaterThan(BATCHES / 8);
        }
    }

    /** Fresh forwarded messages (one delivery each), their marks and deletes a few batches later, other writes. */
    private static List<WriteOp> randomForwardedBatch(Random random, long[] nextId) {
        List<WriteOp> ops = new ArrayList<>();
        int size = 1 + random.nextInt(12);
        for (int i = 0; i < size; i++) {
            String client = CLIENTS[random.nextInt(CLIENTS.length)];
            int kind = random.nextInt(100);
            long id = Math.max(1, nextId[0] - 1 - random.nextInt(12)); // a recent message
            if (kind < 35) {
                id = nextId[0]++;
                byte[] payload = ("forwarded " + id).getBytes(StandardCharsets.UTF_8);
                ops.add(new AddForwarded(new StoredMessage(id, "t/" + id, 1, false, null, payload, "p", 0),
                        StoredDelivery.queued(client, id, 1 + random.nextInt(2), false, new int[0])));
            } else if (kind < 38) {
                byte[] payload = ("plain " + id).getBytes(StandardCharsets.UTF_8);
                long plain = nextId[0]++;
                ops.add(new AddMessage(new StoredMessage(plain, "p/" + plain, 1, false, null, payload, "p", 0),
                        List.of(StoredDelivery.queued(client, plain, 1, false, new int[0]))));
            } else if (kind < 55) {
                ops.add(new MarkInflight(client, id, 1 + random.nextInt(100)));
            } else if (kind < 60) {
                ops.add(new MarkReleased(client, id));
            } else if (kind < 93) {
                ops.add(new DeleteDelivery(client, id));
            } else if (kind < 96) {
                String c = client;
                ops.add(w -> w.deleteSession(c));
            } else {
                String c = client;
                ops.add(w -> w.saveSession(StoreTests.session(c)));
            }
        }
        return ops;
    }

    /** Message ids overlap with the previous batches', so some messages are stored already. */
    private static List<WriteOp> randomBatch(Random random, int n) {
        List<WriteOp> ops = new ArrayList<>();
        List<String[]> added = new ArrayList<>(); // (client, id) pairs added in this batch
        int size = 2 + random.nextInt(24);
        for (int i = 0; i < size; i++) {
            String client = CLIENTS[random.nextInt(CLIENTS.length)];
            long id = 3L * n + 1 + random.nextInt(6);
            int kind = random.nextInt(100);
            if (kind < 30) {
                List<StoredDelivery> rows = new ArrayList<>();
                for (String c : CLIENTS) {
                    if (c.equals(client) || random.nextInt(3) == 0) {
                        rows.add(StoredDelivery.queued(c, id, 1 + random.nextInt(2), random.nextBoolean(),
                                new int[] {i}));
                        added.add(new String[] {c, Long.toString(id)});
                    }
                }
                byte[] payload = ("batch " + n + " write " + i).getBytes(StandardCharsets.UTF_8);
                ops.add(new AddMessage(new StoredMessage(id, "t/" + n + "/" + i, 1, false, null, payload, "p", 0),
                        rows));
                continue;
            }
            if (!added.isEmpty() && random.nextInt(4) != 0) { // mostly about deliveries of this batch
                String[] key = added.get(random.nextInt(added.size()));
                client = key[0];
                id = Long.parseLong(key[1]);
            }
            if (kind < 45) {
                ops.add(new MarkInflight(client, id, 1 + random.nextInt(100)));
            } else if (kind < 52) {
                ops.add(new MarkReleased(client, id));
            } else if (kind < 85) {
                ops.add(new DeleteDelivery(client, id));
            } else if (kind < 90) {
                String c = client;
                ops.add(w -> w.deleteSession(c));
            } else if (kind < 96) {
                String c = client;
                ops.add(w -> w.saveSession(StoreTests.session(c)));
            } else {
                ops.add(w -> {
                    throw new SQLException("a write that fails");
                });
            }
        }
        return ops;
    }

    private static List<Pending> pending(List<WriteOp> ops) {
        List<Pending> batch = new ArrayList<>();
        for (WriteOp op : ops) {
            batch.add(new Pending(op, new CompletableFuture<>()));
        }
        return batch;
    }

    private static List<String> outcomes(List<Pending> batch) {
        return batch.stream().map(p -> p.future().isCompletedExceptionally() ? "failed"
                : p.future().isDone() ? "done" : "pending").toList();
    }

    /** The writer side of a store, driven directly: a {@link BatchApplier} and what it writes through. */
    private static final class Writer implements AutoCloseable {
        final BrokerMetrics metrics = new BrokerMetrics();
        final Path file;
        final Writes writes;
        final BatchApplier applier;

        Writer(Path file) throws SQLException {
            this.file = file;
            PersistenceConfig config = StoreTests.config(file).sync(PersistenceConfig.Sync.NORMAL);
            StoreOpener.Opened o = new StoreOpener(config, new DatabaseFile(file)).open(NOW);
            Statements statements = new Statements(o.connection());
            writes = new Writes(statements, new RefCounts(o.loaded().refCounts()), o.loaded().highestId());
            applier = new BatchApplier(o.connection(), statements, writes, metrics, file);
        }

        /** Everything committed (each client's deliveries in their order, not by their seq numbers), and the counts. */
        String dump() throws SQLException {
            StringBuilder out = new StringBuilder();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                for (String sql : List.of("SELECT key, value FROM meta ORDER BY key",
                        "SELECT client_id FROM session ORDER BY client_id",
                        "SELECT id, topic, payload FROM message ORDER BY id",
                        "SELECT client_id, message_id, qos, retain, sub_ids, packet_id, released FROM delivery"
                                + " ORDER BY client_id, seq")) {
                    out.append(sql).append('\n');
                    try (ResultSet rs = s.executeQuery(sql)) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                Object v = rs.getObject(i);
                                out.append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : v)
                                        .append(' ');
                            }
                            out.append('\n');
                        }
                    }
                }
            }
            out.append("refs ").append(writes.refs().size()).append(':');
            for (long id = 1; id <= 12L * BATCHES + 6; id++) {
                int count = writes.refs().get(id);
                if (count != 0) {
                    out.append(' ').append(id).append('=').append(count);
                }
            }
            return out.toString();
        }

        @Override
        public void close() {
            applier.close();
        }
    }
}
