package io.wrenmq.broker.session;

import io.netty.channel.EventLoop;
import io.wrenmq.broker.auth.AclCache;
import io.wrenmq.broker.auth.AclSubject;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Will;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of an MQTT session [MQTT section 4.1], as the coordinator of its parts: identity, subscriptions,
 * attach / detach / takeover / end, and the store's copy of the session. The parts do the rest:
 * {@link OutboundFlow} (queue, messages in flight, packet ids, acknowledgements, resends), {@link SessionTimers}
 * (the will, will delay and session expiry) and {@link InboundQos2} (QoS 2 packet ids awaiting PUBREL).
 *
 * <p>Threading: all state is touched on {@link #loop()} only: the event loop of the attached connection,
 * or of the last one while the client is away. {@link #execute(Runnable)} runs a task there, forwarding
 * again if the session moved loops meanwhile (a reconnect on another loop), so no state needs a lock.
 */
public final class Session implements AclSubject {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final String clientId;
    private final SessionRegistry registry;
    private volatile EventLoop loop;
    private volatile boolean online;
    private volatile boolean inProcess; // see isInProcess()
    private volatile boolean durable; // the session's row is in a durable store: QoS 1/2 for it are stored
    private volatile boolean congested; // its full queue asks publishers to slow down (QueuePressure)
    private final SessionPersistence persistence;
    private final OutboundFlow outbound;
    private final SessionTimers timers;
    private final InboundQos2 inboundQos2;
    private boolean ended;
    private boolean resumable; // a connection was attached and the session outlived it
    private long expiryIntervalSeconds;
    private long disconnectedAt; // when the last connection closed (0 while attached)

    private final Map<String, SubscriptionEntry<Session>> subscriptions = new HashMap<>();

    /** The identity of the last attached connection: ACL checks of deliveries use it, also while offline. */
    private volatile ClientIdentity identity;
    /** This client's cached ACL decisions; replaced by AccessControl when the identity or the rules change. */
    private volatile AclCache aclCache;

    Session(String clientId, SessionRegistry registry, EventLoop loop) {
        this.clientId = clientId;
        this.registry = registry;
        this.loop = loop;
        this.persistence = new SessionPersistence(clientId, registry.store());
        this.outbound = new OutboundFlow(this, registry, persistence);
        this.timers = new SessionTimers(this);
        this.inboundQos2 = new InboundQos2(persistence);
        this.identity = ClientIdentity.ofClientId(clientId);
    }

    /** Who this session's client is (its last connection's identity; only the client id before any connection). */
    @Override
    public ClientIdentity identity() {
        return identity;
    }

    @Override
    public AclCache aclCache() {
        return aclCache;
    }

    @Override
    public void aclCache(AclCache cache) {
        this.aclCache = cache;
    }

    public String clientId() {
        return clientId;
    }

    public EventLoop loop() {
        return loop;
    }

    /** On the session's loop: the messages to the client (queue, in flight, acknowledgements). */
    public OutboundFlow outbound() {
        return outbound;
    }

    /** On the session's loop: the QoS 2 packet ids from the client awaiting PUBREL. */
    public InboundQos2 inboundQos2() {
        return inboundQos2;
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
        execute(() -> outbound.whenDrained(loop, task));
    }

    /** Whether a connection is attached (read from any thread, e.g. to pick a shared-subscription member). */
    public boolean isOnline() {
        return online;
    }

    /**
     * Whether the session belongs to an in-process subscriber (set when one attaches; it stays while the subscriber is
     * detached, until the broker restarts). Network clients cannot take such a session over. Read from any thread.
     */
    public boolean isInProcess() {
        return inProcess;
    }

    /** Marks the session as an in-process subscriber's (see {@link #isInProcess()}). */
    public void markInProcess() {
        inProcess = true;
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
        timers.will(row.will());
        resumable = true;
        persistence.markStored();
        durable = true;
        for (SubscriptionEntry<Session> e : entries) {
            subscriptions.put(e.options().topicFilter(), e);
        }
        for (StoredDelivery d : r.deliveries()) {
            Message m = messages.apply(d.messageId());
            if (m != null) {
                outbound.restore(d, m);
            }
        }
        inboundQos2.restore(r.inboundQos2());
    }

    /**
     * Restarts the expiry and will-delay timers of a restored session, counting from when its last connection
     * closed. On the session loop.
     */
    void resumeTimers(long nowMillis) {
        timers.resume(expiryIntervalSeconds, Math.max(0, nowMillis - disconnectedAt));
    }

    // ---- attach / detach (called on the session loop by SessionRegistry) ----

    boolean isEnded() {
        return ended;
    }

    boolean hasState() {
        return !subscriptions.isEmpty() || !outbound.isEmpty() || !inboundQos2.isEmpty();
    }

    /**
     * Whether a new connection resumes an existing session (Session Present 1 [MQTT-3.2.2-2]): a session that
     * had a connection and was kept, even without subscriptions or messages, is still session state.
     */
    boolean isResumable() {
        return resumable || hasState();
    }

    SessionConnection connection() {
        return outbound.connection();
    }

    /** On the session's loop: the attached connection's details, or null while the client is away (REST API). */
    public ConnectionDetails connectionDetails() {
        SessionConnection c = outbound.connection();
        return c == null ? null : c.details();
    }

    /**
     * On the session's loop: closes the attached connection at an operator's request (REST kick); the session
     * itself lives on as its expiry interval says. False when no connection is attached.
     */
    public boolean closeConnectionByAdministrator() {
        SessionConnection c = outbound.connection();
        if (c == null) {
            return false;
        }
        c.close(ReasonCode.ADMINISTRATIVE_ACTION, "disconnected by an administrator");
        return true;
    }

    /**
     * On the session's loop: closes the attached connection when {@code who} names its client (see
     * {@link SessionRegistry#closeMatching}).
     */
    void closeConnectionIf(Predicate<ClientIdentity> who, ReasonCode reason, String why) {
        SessionConnection c = outbound.connection();
        if (c != null && c.identity() != null && who.test(c.identity())) {
            c.close(reason, why);
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
        Will pending = timers.cancel();
        if (pending != null && sessionEnds) {
            publishWill(pending);
        }
    }

    void moveTo(EventLoop newLoop) {
        this.loop = newLoop;
    }

    /** Called on the new loop once CONNACK is about to go out. */
    void attach(SessionConnection conn, long expiryInterval, Will newWill) {
        outbound.attach(conn);
        this.identity = conn.identity();
        this.disconnectedAt = 0;
        this.expiryIntervalSeconds = expiryInterval;
        timers.will(newWill);
        this.online = true;
        this.resumable = true;
        persistence.save(expiryInterval, 0, newWill, identity.username(), subscriptions.values());
        durable = persistence.isStored();
    }

    /** Resends what was in flight (DUP PUBLISH or PUBREL) [MQTT-4.4.0-1], then sends queued messages. */
    public void resume() {
        outbound.resume();
    }

    /**
     * The connection closed. {@code normalDisconnect}: DISCONNECT 0x00 received, so the will is discarded
     * [MQTT-3.14.4-3]. With expiry interval 0 the session ends here.
     */
    void detach(SessionConnection conn, boolean normalDisconnect) {
        if (outbound.connection() != conn) {
            return;
        }
        outbound.detach();
        online = false;
        if (normalDisconnect) {
            timers.takeWill();
        }
        if (expiryIntervalSeconds == 0) {
            end("normal"); // publishes the will, if any, because the session ends [MQTT-3.1.2-8]
            return;
        }
        timers.clientGone(expiryIntervalSeconds);
        // After a restart the expiry and a delayed will count from this moment.
        disconnectedAt = System.currentTimeMillis();
        persistence.save(expiryIntervalSeconds, disconnectedAt, timers.will(), identity.username(),
                subscriptions.values());
        durable = persistence.isStored();
    }

    /**
     * Another connection takes this session over: the old connection's will is sent now if it has no delay
     * (its connection closed); with a delay it is dropped, because a new connection arrived before the delay
     * elapsed [MQTT-3.1.3-9], unless the session ends. If the old connection had expiry interval 0, its
     * session ends with it.
     */
    void takeOver(SessionConnection old, boolean newCleanStart) {
        if (outbound.connection() != old) {
            return;
        }
        outbound.detach();
        online = false;
        Will w = timers.takeWill();
        // With a delay the will waits, and the new connection cancels it - unless the session ends here (Clean
        // Start 1, or the old connection's expiry 0): an ending session sends its will at once.
        if (w != null && (newCleanStart || expiryIntervalSeconds == 0 || SessionTimers.willDelaySeconds(w) == 0)) {
            publishWill(w);
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

    void publishWill(Will w) {
        registry.publishWill(this, w);
    }

    /** The Will Delay Interval elapsed (SessionTimers): the will goes out unless a connection is back. */
    void willDelayElapsed(Will w) {
        if (outbound.connection() != null) {
            return;
        }
        publishWill(w);
        if (persistence.isStored()) {
            persistence.save(expiryIntervalSeconds, disconnectedAt != 0 ? disconnectedAt : System.currentTimeMillis(),
                    null, identity.username(), subscriptions.values());
        }
    }

    /** The Session Expiry Interval elapsed (SessionTimers). */
    void expiryElapsed() {
        if (outbound.connection() == null && !ended) {
            LOG.debug("Session {} expired", clientId);
            end("expired");
        }
    }

    /** Ends the session: a pending will goes out [MQTT-3.1.3-9], subscriptions and messages are dropped. */
    void end(String reason) {
        ended = true;
        online = false;
        Will w = timers.cancel();
        if (w != null) {
            publishWill(w);
        }
        discardState();
        registry.removeEnded(this);
        SessionEvents.terminated(this, registry.events(), reason);
    }

    /** Broker shutdown: stop timers and release messages; no will is sent. */
    void shutdown() {
        ended = true;
        online = false;
        timers.cancel();
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
        outbound.releaseAll();
        inboundQos2.clear();
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

    // ---- outbound delivery (on the session loop) ----

    /** A delivery the router did not store (retained on subscribe, $SYS, or a non-persistent session). */
    public void deliver(Message message, int qos, boolean retain, int[] subscriptionIds) {
        deliver(message, qos, retain, subscriptionIds, 0);
    }

    /**
     * Delivers a message at the given QoS (see {@link OutboundFlow#deliver}); takes over one reference of
     * {@code message}. {@code storeId} is the id under which the router stored this delivery, 0 when it did not.
     */
    public void deliver(Message message, int qos, boolean retain, int[] subscriptionIds, long storeId) {
        if (ended) {
            message.release();
            persistence.done(storeId);
            return;
        }
        outbound.deliver(message, qos, retain, subscriptionIds, storeId);
    }

    public int queuedCount() {
        return outbound.queuedCount();
    }

    public int inflightCount() {
        return outbound.inflightCount();
    }
}
