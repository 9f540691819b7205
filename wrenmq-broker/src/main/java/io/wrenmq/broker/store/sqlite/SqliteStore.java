package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.Store;
import io.wrenmq.broker.store.StoreException;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.broker.store.StoredSubscription;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code persistence.type = sqlite}: a {@link Store} in one SQLite database file (write-ahead log, one
 * connection). Write methods only queue; the "wrenmq-store-writer" thread applies the queue in group-committed
 * transactions (see {@link StoreWriter} and {@link BatchApplier}), so event loops never wait for the disk.
 */
public final class SqliteStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /**
     * How long a forwarded message's insert waits for the remote's acknowledgement to cancel it (see
     * {@link HeldWrites}). Long enough for a bridge's queue and round trip under load (tens of milliseconds),
     * short enough that a publisher waits little when the remote stalls without the link going down.
     */
    static final Duration HOLD_FORWARDED = Duration.ofMillis(200);

    private final PersistenceConfig config;
    private final BrokerMetrics metrics;
    private final DatabaseFile file;
    private final StoreWriter writer;
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicBoolean opened = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Nothing is touched on disk until {@link #open}. */
    public SqliteStore(PersistenceConfig config, BrokerMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.file = new DatabaseFile(config.path());
        this.writer = new StoreWriter(config.flushInterval(), HOLD_FORWARDED, file.path());
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public StoreSnapshot open(long nowMillis) {
        if (closed.get()) {
            throw new IllegalStateException("store closed: " + file.path());
        }
        if (!opened.compareAndSet(false, true)) {
            throw new IllegalStateException("store already opened: " + file.path());
        }
        try {
            SnapshotReader.Loaded loaded = startWriter(new StoreOpener(config, file).open(nowMillis));
            messageIds.accumulateAndGet(loaded.highestId(), Math::max);
            return loaded.snapshot();
        } catch (RuntimeException e) {
            opened.set(false); // the cause may be fixed (file moved, permissions) and open() called again
            throw e;
        }
    }

    private SnapshotReader.Loaded startWriter(StoreOpener.Opened o) {
        SnapshotReader.Loaded loaded = o.loaded();
        Statements statements = new Statements(o.connection());
        try {
            Writes writes = new Writes(statements, new RefCounts(loaded.refCounts()), loaded.highestId());
            writer.start(new BatchApplier(o.connection(), statements, writes, metrics, file.path()));
            return loaded;
        } catch (SQLException e) {
            statements.close();
            StoreOpener.closeQuietly(o.connection());
            throw new StoreException("Cannot open database file " + file.path() + ": " + SqliteErrors.describe(e),
                    e);
        }
    }

    @Override
    public void saveSession(StoredSession session) {
        Objects.requireNonNull(session, "session");
        writer.submit(w -> w.saveSession(session), null);
    }

    @Override
    public void deleteSession(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        writer.submit(w -> w.deleteSession(clientId), null);
    }

    @Override
    public CompletableFuture<Void> saveSubscription(String clientId, StoredSubscription subscription) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subscription, "subscription");
        return submit(w -> w.saveSubscription(clientId, subscription));
    }

    @Override
    public void deleteSubscription(String clientId, String topicFilter) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topicFilter, "topicFilter");
        writer.submit(w -> w.deleteSubscription(clientId, topicFilter), null);
    }

    @Override
    public CompletableFuture<Void> addInboundQos2(String clientId, int packetId) {
        Objects.requireNonNull(clientId, "clientId");
        return submit(w -> w.addInbound(clientId, packetId));
    }

    @Override
    public CompletableFuture<Void> deleteInboundQos2(String clientId, int packetId) {
        Objects.requireNonNull(clientId, "clientId");
        return submit(w -> w.deleteInbound(clientId, packetId));
    }

    @Override
    public long nextMessageId() {
        return messageIds.incrementAndGet();
    }

    /** With no deliveries nothing is stored (the message row would only be purged again). */
    @Override
    public CompletableFuture<Void> addMessage(StoredMessage message, List<StoredDelivery> deliveries) {
        Objects.requireNonNull(message, "message");
        if (deliveries.isEmpty()) {
            return closed.get() ? closedFuture() : DONE;
        }
        List<StoredDelivery> copy = List.copyOf(deliveries); // the caller may reuse its list meanwhile
        return submit(new WriteOp.AddMessage(message, copy));
    }

    @Override
    public CompletableFuture<Void> addForwardedMessage(StoredMessage message, StoredDelivery delivery) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(delivery, "delivery");
        return submit(new WriteOp.AddForwarded(message, delivery));
    }

    @Override
    public CompletableFuture<Void> markInflight(String clientId, long messageId, int packetId) {
        Objects.requireNonNull(clientId, "clientId");
        return submit(new WriteOp.MarkInflight(clientId, messageId, packetId));
    }

    @Override
    public CompletableFuture<Void> markReleased(String clientId, long messageId) {
        Objects.requireNonNull(clientId, "clientId");
        return submit(new WriteOp.MarkReleased(clientId, messageId));
    }

    @Override
    public void deleteDelivery(String clientId, long messageId) {
        Objects.requireNonNull(clientId, "clientId");
        writer.submit(new WriteOp.DeleteDelivery(clientId, messageId), null);
    }

    @Override
    public CompletableFuture<Void> putRetained(RetainedMessage message) {
        Objects.requireNonNull(message, "message");
        return submit(w -> w.putRetained(message));
    }

    @Override
    public CompletableFuture<Void> deleteRetained(String topic) {
        Objects.requireNonNull(topic, "topic");
        return submit(w -> w.deleteRetained(topic));
    }

    private CompletableFuture<Void> submit(WriteOp op) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        return writer.submit(op, future) ? future : closedFuture();
    }

    private CompletableFuture<Void> closedFuture() {
        return CompletableFuture.failedFuture(new StoreException("store closed: " + file.path()));
    }

    /**
     * Applies what is queued (waiting at most 10 s for it) and closes the file. Writes after this are not
     * queued: void ones are ignored, the others' futures fail with "store closed".
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!writer.close(CLOSE_TIMEOUT)) {
                LOG.warn("Store writer for {} did not finish within {} s ({} writes still queued); they are"
                        + " applied in the background unless the process exits first", file.path(),
                        CLOSE_TIMEOUT.toSeconds(), writer.queued());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while waiting for the store writer of {} to finish", file.path());
        }
    }
}
