package io.wrenmq.broker.session;

import io.netty.channel.EventLoop;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.store.StoredDelivery;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * The outbound half of a session [MQTT section 4.3, 4.4]: the queue of messages waiting to be sent, the QoS 1/2
 * messages in flight to the client (at most its Receive Maximum and {@code mqtt.max_inflight_window}), their packet
 * ids, the acknowledgements that free them, the resends on resume (DUP) and, for MQTT 3.x, after
 * {@code mqtt.retry_interval}. A full queue drops as {@code mqtt.mqueue_drop} says ({@link QueueDropReport}) or
 * slows its publishers down ({@link QueuePressure}).
 *
 * <p>It writes to the connection attached to its session ({@link #attach}), none while the client is away.
 * Confined to the session's loop, like the {@link Session} that owns it.
 */
public final class OutboundFlow {
    private static final int[] NO_IDS = new int[0];

    private final Session session;
    private final SessionRegistry registry;
    private final SessionPersistence persistence;
    private SessionConnection connection;
    // per connection/session and usually empty: start at 2 slots, not 17 (grows as needed)
    private final ArrayDeque<QueuedDelivery> queue = new ArrayDeque<>(1);
    private final LinkedHashMap<Integer, OutboundInflight> inflight = new LinkedHashMap<>();
    private final PacketIdAllocator packetIds = new PacketIdAllocator();
    private QueuePressure pressure;     // created at the first full queue of a connected client
    private QueueDropReport dropReport; // created at the first queue-full drop
    private QueueLimit ownLimit;        // null: the broker's mqtt.max_mqueue_len and mqtt.mqueue_drop
    private long droppedQueueFull;      // this session's share of messagesDroppedQueueFull

    OutboundFlow(Session session, SessionRegistry registry, SessionPersistence persistence) {
        this.session = session;
        this.registry = registry;
        this.persistence = persistence;
    }

    /** Gives this session its own queue bound (null: the broker's again); applies to messages queued from now on. */
    public void queueLimit(QueueLimit limit) {
        ownLimit = limit;
    }

    private int maxQueueLength() {
        return ownLimit != null ? ownLimit.maxLength() : registry.config().maxMqueueLen();
    }

    private QueueDropPolicy dropPolicy() {
        return ownLimit != null ? ownLimit.dropPolicy() : registry.config().mqueueDropPolicy();
    }

    /** The connection messages go to, null while the client is away. */
    SessionConnection connection() {
        return connection;
    }

    /** A connection is attached: messages go to it from now on (call {@link #resume()} once CONNACK is out). */
    void attach(SessionConnection conn) {
        connection = conn;
        if (dropReport != null) {
            dropReport.clientBack(session.clientId());
        }
    }

    /** The connection went away: messages wait in the queue, and a full queue no longer holds publishers. */
    void detach() {
        connection = null;
        if (pressure != null) {
            pressure.detached();
        }
    }

    /**
     * Puts back a delivery read from the store after a restart: queued (packet id 0), or in flight under its packet
     * id, to be resent with DUP, or as PUBREL when PUBREC had arrived ({@code d.released()}). Takes over {@code m}.
     */
    void restore(StoredDelivery d, Message m) {
        if (d.packetId() == 0) {
            queue.addLast(new QueuedDelivery(m, d.qos(), d.retain(), d.subscriptionIds(), d.messageId()));
            return;
        }
        OutboundInflight f = new OutboundInflight(d.packetId(), m, d.qos(), d.retain(), d.subscriptionIds(), d.messageId());
        if (d.released()) {
            f.pubrelSent = true;
            f.message = null;
            m.release();
        }
        inflight.put(d.packetId(), f);
    }

    /** Resends what was in flight (DUP PUBLISH or PUBREL) [MQTT-4.4.0-1], then sends queued messages. */
    void resume() {
        if (connection == null) {
            return; // the connection closed already (a packet it sent right after CONNECT broke a rule)
        }
        for (OutboundInflight f : inflight.values()) {
            if (f.awaitingStore) {
                continue; // sent when the store has committed its packet id (see sendWhenStored)
            }
            if (f.pubrelSent) {
                connection.sendPubRel(f.packetId);
            } else if (!connection.sendPublish(f.message, f.qos, f.retain, f.packetId, true, f.subscriptionIds)) {
                registry.metrics().dropped(registry.metrics().messagesDroppedTooLarge);
            }
            f.sentAtNanos = System.nanoTime();
        }
        drainQueue();
    }

    /**
     * Delivers a message at the given QoS. Takes over one reference of {@code message}: it is released when
     * acknowledged, dropped or sent at QoS 0. {@code storeId} is the id under which the router stored this
     * delivery, 0 when it did not; a persistent session stores a QoS 1/2 delivery itself when the router did not.
     */
    void deliver(Message message, int qos, boolean retain, int[] subscriptionIds, long storeId) {
        if (message.isExpiredNow()) {
            registry.metrics().dropped(registry.metrics().messagesDroppedExpired);
            message.release();
            persistence.done(storeId);
            return;
        }
        int[] ids = subscriptionIds == null ? NO_IDS : subscriptionIds;
        long id = storeId != 0 ? storeId : persistence.storeDelivery(message, qos, retain, ids);
        SessionConnection conn = connection;
        if (conn == null) {
            if (qos == 0 && !registry.config().mqueueStoreQos0()) {
                message.release(); // QoS 0 is not queued for an absent client unless configured
                return;
            }
            enqueue(message, qos, retain, ids, id);
            return;
        }
        if (qos == 0) {
            if (!conn.isWritable()) {
                registry.metrics().dropped(registry.metrics().messagesDroppedBackpressure);
            } else if (!conn.sendPublish(message, 0, retain, 0, false, ids)) {
                registry.metrics().dropped(registry.metrics().messagesDroppedTooLarge);
            }
            message.release();
            return;
        }
        if (queue.isEmpty() && inflight.size() < window(conn)) {
            send(conn, message, qos, retain, ids, id);
        } else {
            registry.metrics().limits.deliveriesQueuedInflightFull.increment();
            enqueue(message, qos, retain, ids, id);
        }
    }

    private int window(SessionConnection conn) {
        return Math.min(conn.receiveMaximum(), registry.config().maxInflightWindow());
    }

    private void send(SessionConnection conn, Message message, int qos, boolean retain, int[] ids, long storeId) {
        int packetId = packetIds.allocate(inflight::containsKey);
        if (packetId == 0) {
            enqueue(message, qos, retain, ids, storeId);
            return;
        }
        OutboundInflight f = new OutboundInflight(packetId, message, qos, retain, ids, storeId);
        CompletableFuture<Void> stored = persistence.sent(storeId, packetId);
        if (qos == 2 && stored != null && !stored.isDone()) {
            // Exactly once across a restart: the packet id must be committed before the PUBLISH leaves, or a
            // restart could send the same message again under a new id [MQTT-4.3.3-1].
            f.awaitingStore = true;
            inflight.put(packetId, f);
            stored.whenComplete((v, e) -> session.execute(() -> sendWhenStored(f)));
            return;
        }
        if (!conn.sendPublish(message, qos, retain, packetId, false, ids)) {
            registry.metrics().dropped(registry.metrics().messagesDroppedTooLarge);
            message.release();
            persistence.done(storeId);
            return;
        }
        f.sentAtNanos = System.nanoTime();
        inflight.put(packetId, f);
    }

    /** The store committed an in-flight change of {@code f}: send what waited for it, if still current. */
    private void sendWhenStored(OutboundInflight f) {
        if (inflight.get(f.packetId) != f || !f.awaitingStore) {
            return;
        }
        f.awaitingStore = false;
        f.sentAtNanos = System.nanoTime();
        SessionConnection conn = connection;
        if (conn == null) {
            return; // resume() sends it (with DUP) when the client is back
        }
        if (f.pubrelSent) {
            conn.sendPubRel(f.packetId);
        } else if (!conn.sendPublish(f.message, f.qos, f.retain, f.packetId, false, f.subscriptionIds)) {
            registry.metrics().dropped(registry.metrics().messagesDroppedTooLarge);
            inflight.remove(f.packetId);
            f.message.release();
            persistence.done(f.storeId);
            drainQueue();
        }
    }

    private void enqueue(Message message, int qos, boolean retain, int[] ids, long storeId) {
        int max = maxQueueLength();
        if (max > 0 && queue.size() >= max && !keptAboveLimit(message, qos)) {
            if (dropPolicy() == QueueDropPolicy.DROP_OLDEST) {
                QueuedDelivery oldest = queue.pollFirst();
                oldest.message().release();
                persistence.done(oldest.storeId());
                queueDropped(oldest.message());
            } else {
                queueDropped(message);
                message.release();
                persistence.done(storeId);
                return;
            }
        }
        // A queued message may wait long: give it its own payload so it does not pin a network read buffer.
        Message kept = message;
        if (connection == null || (ownLimit != null && ownLimit.copyQueued())) {
            kept = message.detachedCopy();
            message.release();
        }
        queue.addLast(new QueuedDelivery(kept, qos, retain, ids, storeId));
        if (max > 0 && qos > 0 && connection != null && queue.size() >= max && QueuePressure.enabled(registry)) {
            pressure().queued(queue.size(), max);
        }
    }

    /** A connected client's full queue keeps a QoS 1/2 message above its limit while its publishers slow down. */
    private boolean keptAboveLimit(Message message, int qos) {
        return qos > 0 && connection != null && QueuePressure.enabled(registry) && pressure().keepAboveLimit(message);
    }

    private QueuePressure pressure() {
        if (pressure == null) {
            pressure = new QueuePressure(session, registry);
        }
        return pressure;
    }

    /** Counts and reports (rate-limited WARN with the client id and the count) a message the full queue dropped. */
    private void queueDropped(Message dropped) {
        registry.metrics().dropped(registry.metrics().messagesDroppedQueueFull);
        droppedQueueFull++;
        if (dropReport == null) {
            dropReport = new QueueDropReport();
        }
        dropReport.dropped(session.clientId(), connection != null, maxQueueLength(),
                dropPolicy() == QueueDropPolicy.DROP_OLDEST ? "oldest" : "newest", dropped.topic());
    }

    private void drainQueue() {
        SessionConnection conn = connection;
        long now = System.currentTimeMillis();
        while (conn != null && !queue.isEmpty()) {
            QueuedDelivery q = queue.peekFirst();
            if (q.qos() > 0 && inflight.size() >= window(conn)) {
                return;
            }
            queue.pollFirst();
            if (pressure != null) {
                pressure.dequeued(queue.size(), maxQueueLength());
            }
            if (q.message().isExpired(now)) {
                registry.metrics().dropped(registry.metrics().messagesDroppedExpired);
                q.message().release();
                persistence.done(q.storeId());
                continue;
            }
            if (q.qos() == 0) {
                if (!conn.sendPublish(q.message(), 0, q.retain(), 0, false, q.subscriptionIds())) {
                    registry.metrics().dropped(registry.metrics().messagesDroppedTooLarge);
                }
                q.message().release();
            } else {
                send(conn, q.message(), q.qos(), q.retain(), q.subscriptionIds(), q.storeId());
            }
        }
    }

    /** PUBACK for a QoS 1 message; false when the id is not in flight at QoS 1. */
    public boolean onPubAck(int packetId) {
        OutboundInflight f = inflight.get(packetId);
        if (f == null || f.qos != 1) {
            return false;
        }
        inflight.remove(packetId);
        SessionEvents.acked(session, registry, f.message, 1);
        f.message.release();
        persistence.done(f.storeId);
        drainQueue();
        return true;
    }

    /** PUBREC for a QoS 2 message: answers PUBREL; false when the id is not in flight at QoS 2. */
    public boolean onPubRec(int packetId, boolean error) {
        OutboundInflight f = inflight.get(packetId);
        if (f == null || f.qos != 2) {
            return false;
        }
        if (f.awaitingStore) {
            return true; // the PUBLISH or PUBREL is still waiting for the store; a PUBREC now is a stray resend
        }
        // Kept until PUBCOMP only when a listener wants on_message_acked (it carries the message).
        if (f.message != null && (error || !registry.events().wants(EventType.MESSAGE_ACKED))) {
            f.message.release();
            f.message = null;
        }
        if (error) {
            // A PUBREC with a failure reason ends the flow [MQTT-4.3.3-...]: the id is free again.
            inflight.remove(packetId);
            persistence.done(f.storeId);
            drainQueue();
            return true;
        }
        if (f.pubrelSent) {
            connection.sendPubRel(packetId); // a repeated PUBREC: answer again
            return true;
        }
        f.pubrelSent = true;
        f.sentAtNanos = System.nanoTime();
        CompletableFuture<Void> stored = persistence.released(f.storeId);
        if (stored != null && !stored.isDone()) {
            // The PUBREL leaves only when "released" is committed: after a restart the broker must resend the
            // PUBREL, not the PUBLISH, or the client would receive the message twice.
            f.awaitingStore = true;
            stored.whenComplete((v, e) -> session.execute(() -> sendWhenStored(f)));
            return true;
        }
        connection.sendPubRel(packetId);
        return true;
    }

    /** PUBCOMP ends a QoS 2 flow; false when the id was not awaiting it. */
    public boolean onPubComp(int packetId) {
        OutboundInflight f = inflight.get(packetId);
        if (f == null || !f.pubrelSent || f.awaitingStore) {
            return false;
        }
        inflight.remove(packetId);
        if (f.message != null) {
            SessionEvents.acked(session, registry, f.message, 2);
            f.message.release();
            f.message = null;
        }
        persistence.done(f.storeId);
        drainQueue();
        return true;
    }

    /** MQTT 3.x only: resend messages unacknowledged for longer than {@code retryNanos} with DUP set. */
    public void retryUnacknowledged(long retryNanos) {
        SessionConnection conn = connection;
        if (conn == null) {
            return;
        }
        long now = System.nanoTime();
        for (Iterator<OutboundInflight> it = inflight.values().iterator(); it.hasNext(); ) {
            OutboundInflight f = it.next();
            if (f.awaitingStore || now - f.sentAtNanos < retryNanos) {
                continue;
            }
            if (f.pubrelSent) {
                conn.sendPubRel(f.packetId);
            } else {
                conn.sendPublish(f.message, f.qos, f.retain, f.packetId, true, f.subscriptionIds);
            }
            f.sentAtNanos = now;
        }
    }

    /**
     * Runs {@code task} on {@code loop} once this queue no longer asks its publishers to wait (at once when it does
     * not): see {@link QueuePressure}.
     */
    void whenDrained(EventLoop loop, Runnable task) {
        if (pressure == null) {
            loop.execute(task);
        } else {
            pressure.whenDrained(loop, task);
        }
    }

    /** Releases every queued and in-flight message (the session ends, starts clean, or the broker stops). */
    void releaseAll() {
        for (QueuedDelivery q : queue) {
            q.message().release();
        }
        queue.clear();
        if (pressure != null) {
            pressure.detached();
        }
        for (OutboundInflight f : inflight.values()) {
            if (f.message != null) {
                f.message.release();
            }
        }
        inflight.clear();
    }

    boolean isEmpty() {
        return queue.isEmpty() && inflight.isEmpty();
    }

    public int queuedCount() {
        return queue.size();
    }

    public int inflightCount() {
        return inflight.size();
    }

    /** Messages this session's full queue dropped since it was created (or restored after a restart). */
    public long droppedQueueFull() {
        return droppedQueueFull;
    }
}
