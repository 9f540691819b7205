package io.wrenmq.broker.session;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.QueueDropPolicy;
import io.wrenmq.broker.delivery.Message;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.codec.Will;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of an MQTT session [MQTT section 4.1]: subscriptions, the queue of messages waiting to
 * be sent, the QoS 1/2 messages in flight to the client, the QoS 2 packet ids received and awaiting
 * PUBREL, and the will.
 *
 * <p>Threading: all state is touched on {@link #loop()} only: the event loop of the attached connection,
 * or of the last one while the client is away. {@link #execute(Runnable)} runs a task there, forwarding
 * again if the session moved loops meanwhile (a reconnect on another loop), so no state needs a lock.
 */
public final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final int[] NO_IDS = new int[0];

    private final String clientId;
    private final SessionRegistry registry;
    private volatile EventLoop loop;
    private volatile boolean online;
    private SessionConnection connection;
    private boolean ended;
    private boolean resumable; // a connection was attached and the session outlived it
    private long expiryIntervalSeconds;

    private final Map<String, SubscriptionEntry<Session>> subscriptions = new HashMap<>();
    private final ArrayDeque<QueuedDelivery> queue = new ArrayDeque<>();
    private final LinkedHashMap<Integer, OutboundInflight> inflight = new LinkedHashMap<>();
    private final PacketIdAllocator packetIds = new PacketIdAllocator();
    private final Set<Integer> inboundQos2Pending = new HashSet<>();

    private Will will;
    private ScheduledFuture<?> willTimer;
    private ScheduledFuture<?> expiryTimer;

    Session(String clientId, SessionRegistry registry, EventLoop loop) {
        this.clientId = clientId;
        this.registry = registry;
        this.loop = loop;
    }

    public String clientId() {
        return clientId;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Whether a connection is attached (read from any thread, e.g. to pick a shared-subscription member). */
    public boolean isOnline() {
        return online;
    }

    /** Runs the task on the session's loop, inline when already there. */
    public void execute(Runnable task) {
        EventLoop l = loop;
        if (l.inEventLoop()) {
            task.run();
        } else {
            l.execute(() -> execute(task));
        }
    }

    // ---- attach / detach (called on the session loop by SessionRegistry) ----

    boolean isEnded() {
        return ended;
    }

    boolean hasState() {
        return !subscriptions.isEmpty() || !queue.isEmpty() || !inflight.isEmpty() || !inboundQos2Pending.isEmpty();
    }

    /**
     * Whether a new connection resumes an existing session (Session Present 1 [MQTT-3.2.2-2]): a session that
     * had a connection and was kept, even without subscriptions or messages, is still session state.
     */
    boolean isResumable() {
        return resumable || hasState();
    }

    SessionConnection connection() {
        return connection;
    }

    /**
     * A new connection arrives for this session. A will still pending from the last connection (Will Delay
     * Interval not elapsed) is not sent [MQTT-3.1.3-9], unless {@code sessionEnds} (Clean Start 1): a session
     * that ends publishes its pending will at once (section 3.1.3.2.2).
     */
    void cancelTimers(boolean sessionEnds) {
        if (willTimer != null) {
            willTimer.cancel(false);
            willTimer = null;
        }
        Will pending = will;
        will = null;
        if (pending != null && sessionEnds) {
            registry.publishWill(this, pending);
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }

    void moveTo(EventLoop newLoop) {
        this.loop = newLoop;
    }

    /** Called on the new loop once CONNACK is about to go out. */
    void attach(SessionConnection conn, long expiryInterval, Will newWill) {
        this.connection = conn;
        this.expiryIntervalSeconds = expiryInterval;
        this.will = newWill;
        this.online = true;
        this.resumable = true;
    }

    /** Resends what was in flight (DUP PUBLISH or PUBREL) [MQTT-4.4.0-1], then sends queued messages. */
    public void resume() {
        for (OutboundInflight f : inflight.values()) {
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
     * The connection closed. {@code normalDisconnect}: DISCONNECT 0x00 received, so the will is discarded
     * [MQTT-3.14.4-3]. Returns true when the session ended (expiry interval 0).
     */
    void detach(SessionConnection conn, boolean normalDisconnect) {
        if (connection != conn) {
            return;
        }
        connection = null;
        online = false;
        Will w = will;
        if (normalDisconnect) {
            will = null;
            w = null;
        }
        if (expiryIntervalSeconds == 0) {
            end(); // publishes the will, if any, because the session ends [MQTT-3.1.2-8]
            return;
        }
        if (w != null) {
            long delay = w.properties().getLong(io.wrenmq.codec.PropertyId.WILL_DELAY_INTERVAL, 0);
            if (delay == 0) {
                will = null;
                registry.publishWill(this, w);
            } else if (delay < expiryIntervalSeconds) {
                willTimer = loop.schedule(this::publishDelayedWill, delay, TimeUnit.SECONDS);
            } // else: the will goes out when the session expires (end()).
        }
        if (expiryIntervalSeconds != 0xFFFFFFFFL) {
            expiryTimer = loop.schedule(this::expire, expiryIntervalSeconds, TimeUnit.SECONDS);
        }
    }

    /**
     * Another connection takes this session over: the old connection's will is sent now if it has no delay
     * (its connection closed); with a delay it is dropped, because a new connection arrived before the delay
     * elapsed [MQTT-3.1.3-9], unless the session ends. If the old connection had expiry interval 0, its
     * session ends with it.
     */
    void takeOver(SessionConnection old, boolean newCleanStart) {
        if (connection != old) {
            return;
        }
        connection = null;
        online = false;
        Will w = will;
        will = null;
        // With a delay the will waits, and the new connection cancels it - unless the session ends here (Clean
        // Start 1, or the old connection's expiry 0): an ending session sends its will at once.
        if (w != null && (newCleanStart || expiryIntervalSeconds == 0
                || w.properties().getLong(io.wrenmq.codec.PropertyId.WILL_DELAY_INTERVAL, 0) == 0)) {
            registry.publishWill(this, w);
        }
        if (expiryIntervalSeconds == 0) {
            discardState();
            resumable = false; // the old session ended with its connection
        }
    }

    /** Sets the expiry interval a v5 DISCONNECT asked for ([MQTT-3.14.2-2] is checked by the caller). On the session loop. */
    public void setExpiryInterval(long seconds) {
        this.expiryIntervalSeconds = seconds;
    }

    long expiryInterval() {
        return expiryIntervalSeconds;
    }

    private void publishDelayedWill() {
        willTimer = null;
        Will w = will;
        will = null;
        if (w != null && connection == null) {
            registry.publishWill(this, w);
        }
    }

    private void expire() {
        expiryTimer = null;
        if (connection == null && !ended) {
            LOG.debug("Session {} expired", clientId);
            end();
        }
    }

    /** Ends the session: a pending will goes out [MQTT-3.1.3-9], subscriptions and messages are dropped. */
    void end() {
        ended = true;
        online = false;
        if (willTimer != null) {
            willTimer.cancel(false);
            willTimer = null;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
        Will w = will;
        will = null;
        if (w != null) {
            registry.publishWill(this, w);
        }
        discardState();
        registry.removeEnded(this);
    }

    /** Broker shutdown: stop timers and release messages; no will is sent. */
    void shutdown() {
        ended = true;
        online = false;
        will = null;
        if (willTimer != null) {
            willTimer.cancel(false);
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
        }
        discardState();
    }

    /** Drops subscriptions, queued and in-flight messages (clean start, or the session ended). */
    void discardState() {
        for (Map.Entry<String, SubscriptionEntry<Session>> e : new ArrayList<>(subscriptions.entrySet())) {
            registry.unsubscribeFromTrie(e.getKey(), clientId);
        }
        subscriptions.clear();
        for (QueuedDelivery q : queue) {
            q.message().release();
        }
        queue.clear();
        for (OutboundInflight f : inflight.values()) {
            if (f.message != null) {
                f.message.release();
            }
        }
        inflight.clear();
        inboundQos2Pending.clear();
    }

    // ---- subscriptions (on the session loop) ----

    public SubscriptionEntry<Session> putSubscription(String filter, SubscriptionEntry<Session> entry) {
        return subscriptions.put(filter, entry);
    }

    public SubscriptionEntry<Session> removeSubscription(String filter) {
        return subscriptions.remove(filter);
    }

    public int subscriptionCount() {
        return subscriptions.size();
    }

    public List<SubscriptionEntry<Session>> subscriptions() {
        return new ArrayList<>(subscriptions.values());
    }

    // ---- inbound QoS 2 (exactly once) ----

    /** Records a QoS 2 packet id; false when it was already awaiting PUBREL (a resend: do not route again) [MQTT-4.3.3-10]. */
    public boolean markInboundQos2(int packetId) {
        return inboundQos2Pending.add(packetId);
    }

    /** Releases a QoS 2 packet id on PUBREL; false when it was not known. */
    public boolean releaseInboundQos2(int packetId) {
        return inboundQos2Pending.remove(packetId);
    }

    public int inboundQos2Count() {
        return inboundQos2Pending.size();
    }

    // ---- outbound delivery (on the session loop) ----

    /**
     * Delivers a message at the given QoS. Takes over one reference of {@code message}: it is released when
     * acknowledged, dropped or sent at QoS 0.
     */
    public void deliver(Message message, int qos, boolean retain, int[] subscriptionIds) {
        if (ended) {
            message.release();
            return;
        }
        if (message.isExpired(System.currentTimeMillis())) {
            registry.metrics().dropped(registry.metrics().messagesDroppedExpired);
            message.release();
            return;
        }
        int[] ids = subscriptionIds == null ? NO_IDS : subscriptionIds;
        SessionConnection conn = connection;
        if (conn == null) {
            if (qos == 0 && !registry.config().mqueueStoreQos0()) {
                message.release(); // QoS 0 is not queued for an absent client unless configured
                return;
            }
            enqueue(message, qos, retain, ids);
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
            send(conn, message, qos, retain, ids);
        } else {
            enqueue(message, qos, retain, ids);
        }
    }

    private int window(SessionConnection conn) {
        return Math.min(conn.receiveMaximum(), registry.config().maxInflightWindow());
    }

    private void send(SessionConnection conn, Message message, int qos, boolean retain, int[] ids) {
        int packetId = packetIds.allocate(inflight::containsKey);
        if (packetId == 0) {
            enqueue(message, qos, retain, ids);
            return;
        }
        if (!conn.sendPublish(message, qos, retain, packetId, false, ids)) {
            registry.metrics().dropped(registry.metrics().messagesDroppedTooLarge);
            message.release();
            return;
        }
        OutboundInflight f = new OutboundInflight(packetId, message, qos, retain, ids);
        f.sentAtNanos = System.nanoTime();
        inflight.put(packetId, f);
    }

    private void enqueue(Message message, int qos, boolean retain, int[] ids) {
        int max = registry.config().maxMqueueLen();
        if (max > 0 && queue.size() >= max) {
            if (registry.config().mqueueDropPolicy() == QueueDropPolicy.DROP_OLDEST) {
                QueuedDelivery oldest = queue.pollFirst();
                oldest.message().release();
                registry.queueDrop(this, oldest.message());
            } else {
                registry.queueDrop(this, message);
                message.release();
                return;
            }
        }
        // A queued message may wait long: give it its own payload so it does not pin a network read buffer.
        Message kept = message;
        if (connection == null) {
            kept = message.detachedCopy();
            message.release();
        }
        queue.addLast(new QueuedDelivery(kept, qos, retain, ids));
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
            if (q.message().isExpired(now)) {
                registry.metrics().dropped(registry.metrics().messagesDroppedExpired);
                q.message().release();
                continue;
            }
            if (q.qos() == 0) {
                if (!conn.sendPublish(q.message(), 0, q.retain(), 0, false, q.subscriptionIds())) {
                    registry.metrics().dropped(registry.metrics().messagesDroppedTooLarge);
                }
                q.message().release();
            } else {
                send(conn, q.message(), q.qos(), q.retain(), q.subscriptionIds());
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
        f.message.release();
        drainQueue();
        return true;
    }

    /** PUBREC for a QoS 2 message: answers PUBREL; false when the id is not in flight at QoS 2. */
    public boolean onPubRec(int packetId, boolean error) {
        OutboundInflight f = inflight.get(packetId);
        if (f == null || f.qos != 2) {
            return false;
        }
        if (f.message != null) {
            f.message.release();
            f.message = null;
        }
        if (error) {
            // A PUBREC with a failure reason ends the flow [MQTT-4.3.3-...]: the id is free again.
            inflight.remove(packetId);
            drainQueue();
            return true;
        }
        f.pubrelSent = true;
        f.sentAtNanos = System.nanoTime();
        connection.sendPubRel(packetId);
        return true;
    }

    /** PUBCOMP ends a QoS 2 flow; false when the id was not awaiting it. */
    public boolean onPubComp(int packetId) {
        OutboundInflight f = inflight.get(packetId);
        if (f == null || !f.pubrelSent) {
            return false;
        }
        inflight.remove(packetId);
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
            if (now - f.sentAtNanos < retryNanos) {
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

    public int queuedCount() {
        return queue.size();
    }

    public int inflightCount() {
        return inflight.size();
    }
}
