package io.wrenmq.broker.store;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code persistence.type = memory}: the broker's in-memory sessions, queues and retained index are the only
 * copy, so nothing survives a restart. Every write is a no-op that is "committed" at once.
 */
public final class MemoryStore implements Store {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private final AtomicLong ids = new AtomicLong();

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public StoreSnapshot open(long nowMillis) {
        return StoreSnapshot.EMPTY;
    }

    @Override
    public void saveSession(StoredSession session) {
    }

    @Override
    public void deleteSession(String clientId) {
    }

    @Override
    public CompletableFuture<Void> saveSubscription(String clientId, StoredSubscription subscription) {
        return DONE;
    }

    @Override
    public void deleteSubscription(String clientId, String topicFilter) {
    }

    @Override
    public CompletableFuture<Void> addInboundQos2(String clientId, int packetId) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteInboundQos2(String clientId, int packetId) {
        return DONE;
    }

    @Override
    public long nextMessageId() {
        return ids.incrementAndGet();
    }

    @Override
    public CompletableFuture<Void> addMessage(StoredMessage message, List<StoredDelivery> deliveries) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> markInflight(String clientId, long messageId, int packetId) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> markReleased(String clientId, long messageId) {
        return DONE;
    }

    @Override
    public void deleteDelivery(String clientId, long messageId) {
    }

    @Override
    public CompletableFuture<Void> putRetained(RetainedMessage message) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteRetained(String topic) {
        return DONE;
    }

    @Override
    public void close() {
    }
}
