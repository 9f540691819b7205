package io.wrenmq.broker.session;

import io.netty.channel.EventLoop;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.routing.SharedFilter;
import io.wrenmq.broker.routing.SubscriptionTrie;
import io.wrenmq.broker.routing.TopicFilters;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.store.Store;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredSession;
import io.wrenmq.broker.store.StoredSubscription;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Will;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All sessions by client id, and the connect protocol that attaches a connection to its session:
 * takeover of a connected client [MQTT-3.1.4-3], clean start [MQTT-3.1.2-4], session present
 * [MQTT-3.2.2-2], resumption of an existing session.
 */
public final class SessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final SessionSettings config;
    private final BrokerMetrics metrics;
    private final SubscriptionTrie<Session> trie;
    private final BiConsumer<Session, Will> willPublisher;
    private final Store store;
    private final EventHub events;

    public SessionRegistry(SessionSettings config, BrokerMetrics metrics, SubscriptionTrie<Session> trie,
            BiConsumer<Session, Will> willPublisher, Store store) {
        this(config, metrics, trie, willPublisher, store, new EventHub());
    }

    public SessionRegistry(SessionSettings config, BrokerMetrics metrics, SubscriptionTrie<Session> trie,
            BiConsumer<Session, Will> willPublisher, Store store, EventHub events) {
        this.events = events;
        this.store = store;
        this.config = config;
        this.metrics = metrics;
        this.trie = trie;
        this.willPublisher = willPublisher;
    }

    SessionSettings config() {
        return config;
    }

    BrokerMetrics metrics() {
        return metrics;
    }

    Store store() {
        return store;
    }

    EventHub events() {
        return events;
    }

    /**
     * Rebuilds the persistent sessions read from the store at start-up, before any listener is bound: their
     * subscriptions go back into the trie, their messages into their queues. A session that expired while the
     * broker was down ends now (its will, if any, is published) and leaves the store. Sessions that were
     * connected when the broker stopped count as disconnected at {@code nowMillis}. Returns how many were kept.
     */
    public int restore(StoreSnapshot snapshot, EventLoopGroup loops, long nowMillis) {
        Map<Long, Message> messages = new HashMap<>();
        snapshot.messages().forEach((id, m) -> messages.put(id, Message.fromStored(m)));
        List<Session> restored = new ArrayList<>();
        List<Map.Entry<Session, Will>> expiredWills = new ArrayList<>();
        for (StoreSnapshot.RestoredSession r : snapshot.sessions()) {
            StoredSession row = r.session();
            long disconnectedAt = row.disconnectedAtMillis() != 0 ? row.disconnectedAtMillis() : nowMillis;
            Session session = new Session(row.clientId(), this, loops.next());
            if (row.expiryIntervalSeconds() != 0xFFFFFFFFL
                    && disconnectedAt + row.expiryIntervalSeconds() * 1000 <= nowMillis) {
                LOG.info("Session {} expired while the broker was down", row.clientId());
                store.deleteSession(row.clientId());
                if (row.will() != null) {
                    expiredWills.add(Map.entry(session, row.will()));
                }
                continue;
            }
            List<SubscriptionEntry<Session>> entries = new ArrayList<>();
            for (StoredSubscription sub : r.subscriptions()) {
                SubscriptionEntry<Session> e = new SubscriptionEntry<>(row.clientId(), session, sub.options(),
                        sub.subscriptionId());
                SharedFilter shared = TopicFilters.parseShared(sub.options().topicFilter());
                if (shared != null) {
                    trie.subscribeShared(shared.group(), shared.filter(), e);
                } else {
                    trie.subscribe(sub.options().topicFilter(), e);
                }
                entries.add(e);
            }
            session.restore(r, entries, disconnectedAt, id -> {
                Message m = messages.get(id);
                return m == null ? null : m.retain();
            });
            sessions.put(row.clientId(), session);
            restored.add(session);
        }
        messages.values().forEach(Message::release); // each session holds its own references now
        for (Session s : restored) {
            s.execute(() -> s.resumeTimers(nowMillis));
        }
        for (Map.Entry<Session, Will> e : expiredWills) {
            publishWill(e.getKey(), e.getValue());
        }
        if (!snapshot.sessions().isEmpty()) {
            LOG.info("Restored {} persistent sessions ({} had expired while the broker was down)", restored.size(),
                    snapshot.sessions().size() - restored.size());
        }
        return restored.size();
    }

    /** Called by an attached connection when the session's state is settled. */
    public interface AttachCallback {
        /** On the connection's loop: the session is attached; send CONNACK, then call {@link Session#resume()}. */
        void attached(Session session, boolean sessionPresent);
    }

    /**
     * Attaches {@code conn} (whose loop is {@code connLoop}) to the session of {@code clientId}: takes over a
     * connected client, drops the old state on clean start, moves the session to the connection's loop and
     * then calls back on that loop.
     */
    public void connect(String clientId, boolean cleanStart, long expiryInterval, Will will,
            SessionConnection conn, EventLoop connLoop, AttachCallback callback) {
        Session session = sessions.computeIfAbsent(clientId, id -> new Session(id, this, connLoop));
        session.execute(() -> attachOnSessionLoop(session, clientId, cleanStart, expiryInterval, will, conn,
                connLoop, callback));
    }

    private void attachOnSessionLoop(Session session, String clientId, boolean cleanStart, long expiryInterval,
            Will will, SessionConnection conn, EventLoop connLoop, AttachCallback callback) {
        if (session.isEnded()) {
            // The session ended between lookup and this task: start again with a fresh one.
            connect(clientId, cleanStart, expiryInterval, will, conn, connLoop, callback);
            return;
        }
        SessionConnection old = session.connection();
        if (old != null) {
            LOG.info("Client {} connected again from {}: taking over the session from {}", clientId,
                    conn.remoteAddress(), old.remoteAddress());
            session.takeOver(old, cleanStart);
            old.closeForTakeover();
        }
        session.cancelTimers(cleanStart);
        boolean present = !cleanStart && session.isResumable();
        if (cleanStart) {
            if (session.isResumable()) { // an existing session is replaced by a new one
                SessionEvents.terminated(session, events, "discarded");
            }
            session.discardState();
        }
        session.moveTo(connLoop);
        connLoop.execute(() -> {
            session.attach(conn, expiryInterval, will);
            callback.attached(session, present);
        });
    }

    /** Called by {@link Session#end(String)} on the session loop. */
    void removeEnded(Session session) {
        sessions.remove(session.clientId(), session);
    }

    void publishWill(Session session, Will will) {
        willPublisher.accept(session, will);
    }

    void unsubscribeFromTrie(String filter, String clientId) {
        SharedFilter shared = TopicFilters.parseShared(filter);
        if (shared != null) {
            trie.unsubscribeShared(shared.group(), shared.filter(), clientId);
        } else {
            trie.unsubscribe(filter, clientId);
        }
    }

    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public Collection<Session> sessions() {
        return sessions.values();
    }

    public int size() {
        return sessions.size();
    }

    /**
     * Closes the attached connections whose client {@code who} names (a new ban: client id, username or address),
     * each on its session's loop, with {@code reason} and {@code why} (see {@link SessionConnection#close}); the
     * sessions themselves live on as their expiry says. Only online sessions whose last identity matches get a task.
     */
    public void closeMatching(Predicate<ClientIdentity> who, ReasonCode reason, String why) {
        for (Session s : sessions.values()) {
            if (s.isOnline() && who.test(s.identity())) {
                s.loop().execute(() -> s.execute(() -> s.closeConnectionIf(who, reason, why)));
            }
        }
    }

    /**
     * Broker shutdown: releases every session's queued and in-flight messages on the session's own loop
     * (the loops must still run). Persistent sessions stay in the store for the next start.
     */
    public void releaseAll() {
        for (Session s : sessions.values()) {
            try {
                s.loop().submit(s::shutdown).awaitUninterruptibly(5, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("Loop of session {} already stopped", s.clientId());
            }
        }
        sessions.clear();
    }

    /** Detach: the connection closed; see {@link Session#detach}. Runs on the session loop. */
    public void disconnected(Session session, SessionConnection conn, boolean normalDisconnect) {
        session.execute(() -> session.detach(conn, normalDisconnect));
    }
}
