package io.wrenmq.broker.session;

import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.store.Store;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.broker.store.StoredSubscription;
import io.wrenmq.codec.Will;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A session's writes to the {@link Store}: only while the session is persistent (Session Expiry Interval
 * above 0 with a durable store), so clean sessions never touch the disk. Confined to the session's loop.
 *
 * <p>{@link #isStored()} says whether the session has a row in the store; deliveries carry the id of their
 * stored message ({@code storeId}, 0 when not stored) so that later changes address the right row.
 */
final class SessionPersistence {
    private final String clientId;
    private final Store store;
    private boolean stored;

    SessionPersistence(String clientId, Store store) {
        this.clientId = clientId;
        this.store = store;
    }

    boolean isStored() {
        return stored;
    }

    /** Whether a session with this expiry interval is kept in the store. */
    boolean persists(long expiryIntervalSeconds) {
        return expiryIntervalSeconds > 0 && store.durable();
    }

    /** Restored from the store: the row exists. */
    void markStored() {
        stored = true;
    }

    /**
     * Writes the session's row (and, when it was not stored before, its current subscriptions), or deletes it
     * when the session is no longer persistent.
     */
    void save(long expiryIntervalSeconds, long disconnectedAtMillis, Will will, String username,
            Collection<SubscriptionEntry<Session>> subscriptions) {
        if (!persists(expiryIntervalSeconds)) {
            delete();
            return;
        }
        store.saveSession(new StoredSession(clientId, expiryIntervalSeconds, disconnectedAtMillis, will, username));
        if (!stored) {
            stored = true;
            for (SubscriptionEntry<Session> e : subscriptions) {
                subscribed(e);
            }
        }
    }

    /** The session ended or starts clean: its row and everything under it go. */
    void delete() {
        if (stored) {
            stored = false;
            store.deleteSession(clientId);
        }
    }

    /** Null when the session is not stored; else completes when the subscription is committed. */
    CompletableFuture<Void> subscribed(SubscriptionEntry<Session> entry) {
        if (!stored) {
            return null;
        }
        return store.saveSubscription(clientId, new StoredSubscription(entry.options(), entry.subscriptionId()));
    }

    void unsubscribed(String filter) {
        if (stored) {
            store.deleteSubscription(clientId, filter);
        }
    }

    /** Null when nothing needs to wait (the session is not stored). */
    CompletableFuture<Void> inboundQos2Received(int packetId) {
        return stored ? store.addInboundQos2(clientId, packetId) : null;
    }

    CompletableFuture<Void> inboundQos2Released(int packetId) {
        return stored ? store.deleteInboundQos2(clientId, packetId) : null;
    }

    /**
     * Stores a QoS 1/2 delivery the router did not store (a retained message sent on subscribe, or a second copy
     * for a shared subscription) under a fresh id; returns that id, or 0 when the session is not stored.
     */
    long storeDelivery(Message message, int qos, boolean retain, int[] ids) {
        if (!stored || qos == 0) {
            return 0;
        }
        long id = store.nextMessageId();
        store.addMessage(message.toStored(id), List.of(StoredDelivery.queued(clientId, id, qos, retain, ids)));
        return id;
    }

    /** Null when the delivery is not stored; else completes when the packet id is committed. */
    CompletableFuture<Void> sent(long storeId, int packetId) {
        return storeId != 0 && stored ? store.markInflight(clientId, storeId, packetId) : null;
    }

    CompletableFuture<Void> released(long storeId) {
        return storeId != 0 && stored ? store.markReleased(clientId, storeId) : null;
    }

    void done(long storeId) {
        if (storeId != 0 && stored) {
            store.deleteDelivery(clientId, storeId);
        }
    }
}
