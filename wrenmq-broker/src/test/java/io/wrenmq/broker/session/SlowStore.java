package io.wrenmq.broker.session;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.Store;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.broker.store.StoredSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A durable {@link Store} whose in-flight writes (packet id sent, PUBREL, inbound QoS 2 ids) commit only when the
 * test says so ({@link #commitAll()}), and which records them by name: what the session waits for is visible.
 */
final class SlowStore implements Store {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    final List<String> writes = new ArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    void commitAll() {
        List<CompletableFuture<Void>> now = new ArrayList<>(pending);
        pending.clear();
        now.forEach(f -> f.complete(null));
    }

    private CompletableFuture<Void> later(String write) {
        writes.add(write);
        CompletableFuture<Void> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public StoreSnapshot open(long nowMillis) {
        return StoreSnapshot.EMPTY;
    }

    @Override
    public void saveSession(StoredSession session) {
        writes.add("session " + session.clientId());
    }

    @Override
    public void deleteSession(String clientId) {
        writes.add("delete " + clientId);
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
        return later("inbound " + packetId);
    }

    @Override
    public CompletableFuture<Void> deleteInboundQos2(String clientId, int packetId) {
        return later("inbound released " + packetId);
    }

    @Override
    public long nextMessageId() {
        return ids.incrementAndGet();
    }

    @Override
    public CompletableFuture<Void> addMessage(StoredMessage message, List<StoredDelivery> deliveries) {
        writes.add("message " + message.id());
        return DONE;
    }

    @Override
    public CompletableFuture<Void> markInflight(String clientId, long messageId, int packetId) {
        return later("inflight " + messageId + " as " + packetId);
    }

    @Override
    public CompletableFuture<Void> markReleased(String clientId, long messageId) {
        return later("released " + messageId);
    }

    @Override
    public void deleteDelivery(String clientId, long messageId) {
        writes.add("done " + messageId);
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
