package io.wrenmq.broker.store;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What must outlive the broker process: persistent sessions (with their subscriptions, will and inbound QoS 2
 * packet ids awaiting PUBREL), the QoS 1/2 messages queued for or in flight to them, and the retained messages.
 *
 * <p>The broker's in-memory structures stay the working copy; a store only records changes to them. Every
 * write method is called from an event loop and must not block it: a durable implementation queues the write
 * and applies it later, in the order the calls were made (a write queued after another is never committed
 * before it). Methods returning a future complete it when the write is committed (with the configured sync
 * mode), or exceptionally when it failed; the broker holds back the acknowledgement that promises durability
 * until then. Clean sessions and QoS 0 messages never reach the store.
 *
 * <p>Row keys: a session by client id; a subscription by (client id, topic filter); a message by the id from
 * {@link #nextMessageId()}; a delivery (one message for one session) by (client id, message id).
 */
public interface Store extends AutoCloseable {
    /** False for {@link MemoryStore}: nothing is written, callers may skip building records. */
    boolean durable();

    /**
     * Opens the store and reads what survived: purges expired messages (and deliveries of them), deliveries
     * whose session is gone and messages nobody references; sessions are returned as stored (the caller decides
     * about expiry, since it also owns their wills). Called once, before any write.
     *
     * @throws StoreException when the store cannot be opened or is damaged (the message says which file and why)
     */
    StoreSnapshot open(long nowMillis);

    // ---- sessions ----

    /** Creates or replaces a persistent session's row (expiry interval, disconnect time, pending will). */
    void saveSession(StoredSession session);

    /** The session ended: removes it with its subscriptions, deliveries and inbound QoS 2 ids. */
    void deleteSession(String clientId);

    /** A subscription of a persistent session; the SUBACK waits for this. */
    CompletableFuture<Void> saveSubscription(String clientId, StoredSubscription subscription);

    void deleteSubscription(String clientId, String topicFilter);

    /** A QoS 2 PUBLISH from a persistent session's client was accepted; PUBREC waits for this. */
    CompletableFuture<Void> addInboundQos2(String clientId, int packetId);

    /** PUBREL arrived for an inbound QoS 2 id; PUBCOMP waits for this (the id may be reused after it). */
    CompletableFuture<Void> deleteInboundQos2(String clientId, int packetId);

    // ---- messages for persistent sessions ----

    /** A fresh message id, unique in this store (thread-safe; ids grow with time). */
    long nextMessageId();

    /**
     * Stores one message and its deliveries (one per persistent session it goes to, in state "queued").
     * The publisher's PUBACK/PUBREC waits for this.
     */
    CompletableFuture<Void> addMessage(StoredMessage message, List<StoredDelivery> deliveries);

    /**
     * {@link #addMessage} of a message with one delivery, to an online in-process subscriber that forwards it to
     * another broker (a bridge) and deletes the delivery when that broker acknowledged it, usually within
     * milliseconds. A store may hold the write back for a short while and drop it, writing nothing, when the
     * delivery is deleted meanwhile; the future then completes when that outcome commits. The order of this
     * store's writes is kept as if nothing was held.
     */
    default CompletableFuture<Void> addForwardedMessage(StoredMessage message, StoredDelivery delivery) {
        return addMessage(message, List.of(delivery));
    }

    /**
     * A delivery was sent with this packet id (its state becomes "in flight", resent with DUP after a
     * restart). A QoS 2 PUBLISH leaves only after this commits, so a restart can never resend the same
     * message under another packet id [MQTT-4.3.3-1].
     */
    CompletableFuture<Void> markInflight(String clientId, long messageId, int packetId);

    /** PUBREC arrived for a QoS 2 delivery (state "released"); PUBREL leaves only after this commits. */
    CompletableFuture<Void> markReleased(String clientId, long messageId);

    /** The delivery is done (PUBACK, PUBCOMP) or dropped; the message goes when no delivery references it. */
    void deleteDelivery(String clientId, long messageId);

    // ---- retained messages ----

    /** Stores or replaces the retained message of its topic; the publisher's acknowledgement waits for this. */
    CompletableFuture<Void> putRetained(RetainedMessage message);

    /** Removes the retained message of a topic (cleared by an empty payload, or expired). */
    CompletableFuture<Void> deleteRetained(String topic);

    /** Applies what is queued and releases the file; later writes are ignored. */
    @Override
    void close();
}
