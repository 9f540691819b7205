package io.wrenmq.broker.session;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.StoredSession;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
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
public final class Session implements io.wrenmq.broker.auth.AclSubject {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final int[] NO_IDS = new int[0];

    private final String clientId;
    private final SessionRegistry registry;
    private volatile EventLoop loop;
    private volatile boolean online;
    private volatile boolean durable; // the session's row is in a durable store: QoS 1/2 for it are stored
    private volatile boolean congested; // its full queue asks publishers to slow down (QueuePressure)
    private final SessionPersistence persistence;
    private SessionConnection connection;
    private boolean ended;
    private boolean resumable; // a connection was attached and the session outlived it
    private long expiryIntervalSeconds;
    private long disconnectedAt; // when the last connection closed (0 while attached)

    private final Map<String, SubscriptionEntry<Session>> subscriptions = new HashMap<>();
    // per connection/session and usually empty: start at 2 slots, not 17 (grows as needed)
    private final ArrayDeque<QueuedDelivery> queue = new ArrayDeque<>(1);
    private final LinkedHashMap<Integer, OutboundInflight> inflight = new LinkedHashMap<>();
    private final PacketIdAllocator packetIds = new PacketIdAllocator();
    private final Set<Integer> inboundQos2Pending = new HashSet<>();

    private QueuePressure pressure;     // created at the first full queue of a connected client
    private QueueDropReport dropReport; // created at the first queue-full drop

    private Will will;
    /** The identity of the last attached connection: ACL checks of deliveries use it, also while offline. */
    private volatile io.wrenmq.broker.auth.ClientIdentity identity;
    /** This client's cached ACL decisions; replaced by AccessControl when the identity or the rules change. */
    private volatile io.wrenmq.broker.auth.AclCache aclCache;
    private ScheduledFuture<?> willTimer;
    private ScheduledFuture<?> expiryTimer;

    Session(String clientId, SessionRegistry registry, EventLoop loop) {
        this.clientId = clientId;
        this.registry = registry;
        this.loop = loop;
        this.persistence = new SessionPersistence(clientId, registry.store());
        this.identity = io.wrenmq.broker.auth.ClientIdentity.ofClientId(clientId);
    }

    /** Who this session's client is (its last connection's identity; only the client id before any connection). */
    @Override
    public io.wrenmq.broker.auth.ClientIdentity identity() {
        return identity;
    }

    @Override
    public io.wrenmq.broker.auth.AclCache aclCache() {
        return aclCache;
    }

    @Override
    public void aclCache(io.wrenmq.broker.auth.AclCache cache) {
        this.aclCache = cache;
    }

    public String clientId() {
        return clientId;
    }

    public EventLoop loop() {
        return loop;
    }

    /**
     * Whether QoS 1/2 messages for this session must be stored (a persistent session with a durable store).
     * Read from any thread by the router, which stores the message before handing it over.
     */
    public boolean isDurable() {
        return durable;
    }

    /**
     * Whether this session's queue is full and its publishers should pause (mqtt.online_queue_full = backpressure).
     * Read from any thread by the routers; see {@link QueuePressure}.
     */
    public boolean isCongested() {
        return congested;
    }

    void congested(boolean value) {
        congested = value;
    }

    /**
     * Runs {@code task} on {@code loop} once this session no longer asks its publishers to wait (at once when it
     * does not): a publisher paused for this session resumes reading then. Callable from any thread.
     */
    public void whenDrained(EventLoop loop, Runnable task) {
        execute(() -> {
            if (pressure == null) {
                loop.execute(task);
            } else {
                pressure.whenDrained(loop, task);
            }
        });
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

    // ---- restore after a restart (called by SessionRegistry before any connection or routing) ----

    /**
     * Rebuilds a persistent session read from the store: subscriptions, queued deliveries, in-flight ones (resent
     * with DUP, or as PUBREL when PUBREC had arrived, on the next connection) and inbound QoS 2 ids. Takes over
     * one reference of each message {@code messages} returns.
     */
    void restore(StoreSnapshot.RestoredSession r, List<SubscriptionEntry<Session>> entries, long disconnectedAtMillis,
            LongFunction<Message> messages) {
        StoredSession row = r.session();
        if (row.username() != null) { // until its client reconnects, the ACL judges deliveries by this name
            identity = identity.withUsername(row.username());
        }
        expiryIntervalSeconds = row.expiryIntervalSeconds();
        disconnectedAt = disconnectedAtMillis;
        will = row.will();
        resumable = true;
        persistence.markStored();
        durable = true;
        for (SubscriptionEntry<Session> e : entries) {
            subscriptions.put(e.options().topicFilter(), e);
        }
        for (StoredDelivery d : r.deliveries()) {
            Message m = messages.apply(d.messageId());
            if (m == null) {
                continue;
            }
            if (d.packetId() == 0) {
                queue.addLast(new QueuedDelivery(m, d.qos(), d.retain(), d.subscriptionIds(), d.messageId()));
                continue;
            }
            OutboundInflight f = new OutboundInflight(d.packetId(), m, d.qos(), d.retain(), d.subscriptionIds(),
                    d.messageId());
            if (d.released()) {
                f.pubrelSent = true;
                f.message = null;
                m.release();
            }
            inflight.put(d.packetId(), f);
        }
        for (int id : r.inboundQos2()) {
            inboundQos2Pending.add(id);
        }
    }

    /**
     * Restarts the expiry and will-delay timers of a restored session, counting from when its last connection
     * closed. On the session loop.
     */
    void resumeTimers(long nowMillis) {
        long since = Math.max(0, nowMillis - disconnectedAt);
        if (expiryIntervalSeconds != 0xFFFFFFFFL) {
            long left = Math.max(0, expiryIntervalSeconds * 1000 - since);
            expiryTimer = loop.schedule(this::expire, left, TimeUnit.MILLISECONDS);
        }
        if (will != null) {
            long delay = will.properties().getLong(io.wrenmq.codec.PropertyId.WILL_DELAY_INTERVAL, 0);
            if (delay < expiryIntervalSeconds) {
                long left = Math.max(0, delay * 1000 - since);
                willTimer = loop.schedule(this::publishDelayedWill, left, TimeUnit.MILLISECONDS);
            } // else: the will goes out when the session expires (end()).
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

    /** On the session's loop: the attached connection's details, or null while the client is away (REST API). */
    public ConnectionDetails connectionDetails() {
        return connection == null ? null : connection.details();
    }

    /**
     * On the session's loop: closes the attached connection at an operator's request (REST kick); the session
     * itself lives on as its expiry interval says. False when no connection is attached.
     */
    public boolean closeConnectionByAdministrator() {
        if (connection == null) {
            return false;
        }
        connection.closeByAdministrator();
        return true;
    }

    /** On the session's loop: closes the attached connection when {@code named} says the rule names its client. */
    void closeConnectionIfBanned(io.wrenmq.broker.limits.BanRule rule, io.wrenmq.broker.limits.BanRule.ClientMatcher named) {
        if (connection == null) {
            return;
        }
        io.wrenmq.broker.auth.ClientIdentity who = connection.identity();
        if (who != null && named.matches(clientId, who.username(), who.address())) {
            connection.closeBanned(rule);
        }
    }

    /** On the session's loop: when the last connection closed, 0 while one is attached (REST API). */
    public long lastDisconnectAtMillis() {
        return disconnectedAt;
    }

    /** On the session's loop: the Session Expiry Interval in force, in seconds. */
    public long expiryIntervalSeconds() {
        return expiryIntervalSeconds;
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
        this.identity = conn.identity();
        this.disconnectedAt = 0;
        this.expiryIntervalSeconds = expiryInterval;
        this.will = newWill;
        this.online = true;
        this.resumable = true;
        if (dropReport != null) {
            dropReport.clientBack(clientId);
        }
        persistence.save(expiryInterval, 0, newWill, identity.username(), subscriptions.values());
        durable = persistence.isStored();
    }

    /** Resends what was in flight (DUP PUBLISH or PUBREL) [MQTT-4.4.0-1], then sends queued messages. */
    public void resume() {
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
     * The connection closed. {@code normalDisconnect}: DISCONNECT 0x00 received, so the will is discarded
     * [MQTT-3.14.4-3]. Returns true when the session ended (expiry interval 0).
     */
    void detach(SessionConnection conn, boolean normalDisconnect) {
        if (connection != conn) {
            return;
        }
        connection = null;
        online = false;
        if (pressure != null) {
            pressure.detached();
        }
        Will w = will;
        if (normalDisconnect) {
            will = null;
            w = null;
        }
        if (expiryIntervalSeconds == 0) {
            end("normal"); // publishes the will, if any, because the session ends [MQTT-3.1.2-8]
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
        // After a restart the expiry and a delayed will count from this moment.
        disconnectedAt = System.currentTimeMillis();
        persistence.save(expiryIntervalSeconds, disconnectedAt, will, identity.username(), subscriptions.values());
        durable = persistence.isStored();
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
        if (pressure != null) {
            pressure.detached();
        }
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
            SessionEvents.terminated(this, registry.events(), "taken_over");
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
            if (persistence.isStored()) {
                persistence.save(expiryIntervalSeconds, disconnectedAtMillis(), null, identity.username(),
                        subscriptions.values());
            }
        }
    }

    private long disconnectedAtMillis() {
        return disconnectedAt != 0 ? disconnectedAt : System.currentTimeMillis();
    }

    private void expire() {
        expiryTimer = null;
        if (connection == null && !ended) {
            LOG.debug("Session {} expired", clientId);
            end("expired");
        }
    }

    /** Ends the session: a pending will goes out [MQTT-3.1.3-9], subscriptions and messages are dropped. */
    void end(String reason) {
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
        SessionEvents.terminated(this, registry.events(), reason);
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
        releaseState();
    }

    /** Drops subscriptions, queued and in-flight messages (clean start, or the session ended), here and in the store. */
    void discardState() {
        persistence.delete();
        durable = false;
        releaseState();
    }

    /** Drops the in-memory state only: at broker shutdown the store keeps it for the next start. */
    private void releaseState() {
        for (Map.Entry<String, SubscriptionEntry<Session>> e : new ArrayList<>(subscriptions.entrySet())) {
            registry.unsubscribeFromTrie(e.getKey(), clientId);
        }
        subscriptions.clear();
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
        inboundQos2Pending.clear();
    }

    // ---- subscriptions (on the session loop) ----

    /**
     * Records a subscription; the store gets it before the caller adds it to the trie, so a message routed
     * through the new subscription is never committed before the subscription itself. Returns the store's
     * commit, which the SUBACK waits for, or null for a session that is not stored.
     */
    public CompletableFuture<Void> putSubscription(String filter, SubscriptionEntry<Session> entry) {
        subscriptions.put(filter, entry);
        return persistence.subscribed(entry);
    }

    public SubscriptionEntry<Session> removeSubscription(String filter) {
        SubscriptionEntry<Session> removed = subscriptions.remove(filter);
        if (removed != null) {
            persistence.unsubscribed(filter);
        }
        return removed;
    }

    public boolean hasSubscription(String filter) {
        return subscriptions.containsKey(filter);
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

    /**
     * Stores an inbound QoS 2 packet id recorded by {@link #markInboundQos2}, for a persistent session; the
     * PUBREC waits for the returned future (null: nothing to wait for).
     */
    public CompletableFuture<Void> storeInboundQos2(int packetId) {
        return persistence.inboundQos2Received(packetId);
    }

    /** Removes a released inbound QoS 2 id from the store; PUBCOMP waits for the returned future (or null). */
    public CompletableFuture<Void> unstoreInboundQos2(int packetId) {
        return persistence.inboundQos2Released(packetId);
    }

    public int inboundQos2Count() {
        return inboundQos2Pending.size();
    }

    // ---- outbound delivery (on the session loop) ----

    /** A delivery the router did not store (retained on subscribe, $SYS, or a non-persistent session). */
    public void deliver(Message message, int qos, boolean retain, int[] subscriptionIds) {
        deliver(message, qos, retain, subscriptionIds, 0);
    }

    /**
     * Delivers a message at the given QoS. Takes over one reference of {@code message}: it is released when
     * acknowledged, dropped or sent at QoS 0. {@code storeId} is the id under which the router stored this
     * delivery, 0 when it did not; a persistent session stores a QoS 1/2 delivery itself when the router did not.
     */
    public void deliver(Message message, int qos, boolean retain, int[] subscriptionIds, long storeId) {
        if (ended) {
            message.release();
            persistence.done(storeId);
            return;
        }
        if (message.isExpired(System.currentTimeMillis())) {
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
            stored.whenComplete((v, e) -> execute(() -> sendWhenStored(f)));
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
        int max = registry.config().maxMqueueLen();
        if (max > 0 && queue.size() >= max && !keptAboveLimit(message, qos)) {
            if (registry.config().mqueueDropPolicy() == QueueDropPolicy.DROP_OLDEST) {
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
        if (connection == null) {
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
            pressure = new QueuePressure(this, registry);
        }
        return pressure;
    }

    /** Counts and reports (rate-limited WARN with the client id and the count) a message the full queue dropped. */
    private void queueDropped(Message dropped) {
        registry.metrics().dropped(registry.metrics().messagesDroppedQueueFull);
        if (dropReport == null) {
            dropReport = new QueueDropReport();
        }
        dropReport.dropped(clientId, connection != null, registry.config().maxMqueueLen(),
                registry.config().mqueueDropPolicy() == QueueDropPolicy.DROP_OLDEST ? "oldest" : "newest", dropped.topic());
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
                pressure.dequeued(queue.size(), registry.config().maxMqueueLen());
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
        SessionEvents.acked(this, registry, f.message, 1);
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
        if (f.message != null && (error || !registry.events().wants(io.wrenmq.broker.hook.EventType.MESSAGE_ACKED))) {
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
            stored.whenComplete((v, e) -> execute(() -> sendWhenStored(f)));
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
            SessionEvents.acked(this, registry, f.message, 2);
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

    public int queuedCount() {
        return queue.size();
    }

    public int inflightCount() {
        return inflight.size();
    }
}
