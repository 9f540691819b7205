package io.wrenmq.broker.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * An application message on its way through the broker: what a publisher sent, without the per-hop
 * fields (packet id, DUP, topic alias, subscription identifiers). One instance is shared by every
 * subscriber it is delivered to.
 *
 * <p>Ownership: the message is reference counted (it owns one reference to its payload). Whoever keeps a
 * message (a session queue, an in-flight slot, a task in another event loop) holds one reference and
 * releases it when done; {@link #deallocate()} releases the payload.
 */
public final class Message extends AbstractReferenceCounted {
    private final String topic;
    private final int qos;
    private final boolean retain;
    private final Properties properties;
    private final ByteBuf payload;
    private final String publisherClientId;
    private final long expiryAtMillis; // 0 = no Message Expiry Interval
    private Publisher publisher; // set by the publishing side before routing; null = only the client id is known
    // Set by the router before the message is handed to any session (the hand-over publishes them):
    private long storeId;                        // the id of the stored copy, 0 when not stored
    private CompletableFuture<Void> storeCommit; // completes when the store has committed what routing wrote
    private volatile CompletableFuture<Void> safeElsewhere; // see safeElsewhere(); null unless the router asked

    public Message(String topic, int qos, boolean retain, Properties properties, ByteBuf payload,
            String publisherClientId, long expiryAtMillis) {
        this.topic = topic;
        this.qos = qos;
        this.retain = retain;
        this.properties = properties;
        this.payload = payload;
        this.publisherClientId = publisherClientId;
        this.expiryAtMillis = expiryAtMillis;
    }

    public String topic() {
        return topic;
    }

    public int qos() {
        return qos;
    }

    /** The RETAIN flag the publisher set. */
    public boolean retained() {
        return retain;
    }

    public Properties properties() {
        return properties;
    }

    /** The payload; not retained for the caller (use {@code retainedDuplicate()} to hand it to a channel). */
    public ByteBuf payload() {
        return payload;
    }

    /** The client id of the publisher, or null for messages the broker itself originates ($SYS, REST). */
    public String publisherClientId() {
        return publisherClientId;
    }

    /** Who published it (username and address where known); set before routing, by the thread that routes. */
    public Message publisher(Publisher value) {
        this.publisher = value;
        return this;
    }

    /** Who published it; without {@link #publisher(Publisher)} only the client id is known. */
    public Publisher publisher() {
        Publisher p = publisher;
        return p != null ? p : new Publisher(publisherClientId, null, null);
    }

    public long expiryAtMillis() {
        return expiryAtMillis;
    }

    /**
     * Whether the Message Expiry Interval has passed [MQTT-3.3.2-5]. Strictly after: a message published
     * with interval 0 still reaches the subscribers online at that moment (as Mosquitto does); a queued copy
     * of it is dropped rather than delivered later.
     */
    public boolean isExpired(long nowMillis) {
        return expiryAtMillis != 0 && nowMillis > expiryAtMillis;
    }

    /** {@link #isExpired(long)} now; reads the clock only for a message that has an expiry (the per-delivery check). */
    public boolean isExpiredNow() {
        return expiryAtMillis != 0 && System.currentTimeMillis() > expiryAtMillis;
    }

    /**
     * When a message published now with these properties expires: now + its Message Expiry Interval, or 0 when it has
     * none [MQTT-3.3.2-5]. The one place that turns the interval into a deadline. The clock is read only for a message
     * that has an interval: this runs for every PUBLISH, and a clock read costs as much as the rest of a QoS 0
     * message's routing on some virtual machines.
     */
    public static long expiryAtMillis(Properties properties, LongSupplier clock) {
        long interval = properties.getLong(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1);
        return interval >= 0 ? clock.getAsLong() + interval * 1000 : 0;
    }

    /** Seconds left of the Message Expiry Interval, rounded up [MQTT-3.3.2-6]. */
    public long remainingExpirySeconds(long nowMillis) {
        return Math.max(0, (expiryAtMillis - nowMillis + 999) / 1000);
    }

    /** The id under which the router stored this message for persistent sessions, 0 when it did not. */
    public long storeId() {
        return storeId;
    }

    /**
     * Completes when everything routing wrote to the store for this message (its copy for persistent sessions,
     * the retained message) is committed; null when nothing was written. The publisher's PUBACK/PUBREC waits
     * for it.
     */
    public CompletableFuture<Void> storeCommit() {
        return storeCommit;
    }

    /** Set once by the router, before the message is handed to any session (the hand-over publishes both values). */
    public void stored(long id, CompletableFuture<Void> commit) {
        this.storeId = id;
        this.storeCommit = commit;
    }

    /**
     * Completes when the one persistent session this message was stored for has acknowledged it as safe elsewhere
     * ({@link #markSafeElsewhere()}): an in-process subscriber that handed it to a remote broker which acknowledged it
     * (a bridge). Created by the router before the hand-over; the publisher's acknowledgement may then go on this or
     * on the store's commit, whichever comes first.
     */
    public CompletableFuture<Void> safeElsewhere() {
        CompletableFuture<Void> f = safeElsewhere;
        if (f == null) {
            f = new CompletableFuture<>();
            safeElsewhere = f;
        }
        return f;
    }

    /** See {@link #safeElsewhere()}; nothing happens when the router did not ask for it. */
    public void markSafeElsewhere() {
        CompletableFuture<Void> f = safeElsewhere;
        if (f != null) {
            f.complete(null);
        }
    }

    /** The record the store keeps for this message under {@code id} (copies the payload). */
    public StoredMessage toStored(long id) {
        return new StoredMessage(id, topic, qos, retain, properties, ByteBufUtil.getBytes(payload), publisherClientId,
                expiryAtMillis);
    }

    /** A message read back from the store. */
    public static Message fromStored(StoredMessage m) {
        Message out = new Message(m.topic(), m.qos(), m.retain(), m.properties(), Unpooled.wrappedBuffer(m.payload()),
                m.publisherClientId(), m.expiryAtMillis());
        out.storeId = m.id();
        return out;
    }

    /** A copy whose payload is its own heap buffer, so a long-lived queue entry does not pin a network buffer. */
    public Message detachedCopy() {
        ByteBuf copy = Unpooled.copiedBuffer(payload);
        Message out = new Message(topic, qos, retain, properties, copy, publisherClientId, expiryAtMillis);
        out.safeElsewhere = safeElsewhere; // the copy stands for the same publication (the publisher may wait on it)
        out.publisher = publisher;
        return out;
    }

    @Override
    protected void deallocate() {
        payload.release();
    }

    @Override
    public Message touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public Message retain() {
        super.retain();
        return this;
    }

    @Override
    public String toString() {
        return "Message[" + topic + ", qos=" + qos + ", retain=" + retain + ", " + payload.readableBytes() + " bytes]";
    }
}
