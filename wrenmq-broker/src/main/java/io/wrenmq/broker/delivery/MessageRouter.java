package io.wrenmq.broker.delivery;

import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.wrenmq.broker.auth.AccessControl;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.hook.MessageInfo;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.routing.RetainedStore;
import io.wrenmq.broker.routing.SubscriptionTrie;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.store.Store;
import io.wrenmq.broker.store.StoredDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Routes a published message: updates the retained store, finds the matching subscriptions and hands one
 * delivery per target session to that session's event loop.
 */
public final class MessageRouter {
    private static final FastThreadLocal<RouteCollector> COLLECTOR = new FastThreadLocal<>() {
        @Override
        protected RouteCollector initialValue() {
            return new RouteCollector();
        }
    };

    private final SubscriptionTrie<Session> trie;
    private final RetainedStore retained;
    private final DeliverySettings config;
    private final BrokerMetrics metrics;
    private final LoopDispatcher dispatcher = new LoopDispatcher();
    private final Store store;
    private final AccessControl access;
    private final EventHub events;

    public MessageRouter(SubscriptionTrie<Session> trie, RetainedStore retained, DeliverySettings config,
            BrokerMetrics metrics, Store store, AccessControl access, EventHub events) {
        this.access = access;
        this.events = events;
        this.store = store;
        this.trie = trie;
        this.retained = retained;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * A message entering the broker, from a client's PUBLISH, a will or the REST API: the one path every
     * publication takes (as in EMQX), so listeners of {@code message_publish} (WebHooks, the rule engine) see them
     * all. Emits the event, then {@link #route(Message, CongestedTargets) routes}; the caller has already
     * authorized it and counted it as received. {@code username} is the publisher's, null when it has none.
     */
    public int publish(Message message, String username, CongestedTargets congested) {
        if (events.wants(EventType.MESSAGE_PUBLISH)) {
            events.emit(new BrokerEvent.MessagePublish(new MessageInfo(message.publisherClientId(), username,
                    message.topic(), message.qos(), message.retained(), message.payload(), System.currentTimeMillis()),
                    message.publisher(), message.properties()));
        }
        return route(message, congested);
    }

    /** {@link #publish} and hand over at once: for callers outside a read batch (wills, the REST API). */
    public int publishNow(Message message, String username) {
        int n = publish(message, username, null);
        flush();
        return n;
    }

    /**
     * Routes the message; returns how many sessions it was handed to. The caller keeps its own reference
     * to {@code message} (each delivery takes one more). Deliveries to other loops wait for {@link #flush()}.
     *
     * <p>With a durable store, a QoS 1/2 message for persistent sessions is written to the store BEFORE it is
     * handed to any session, so the sessions' later writes about it (sent, acknowledged) follow it in the
     * store's order; {@link Message#storeCommit()} then tells the publisher's connection when to acknowledge.
     */
    public int route(Message message, CongestedTargets congested) {
        CompletableFuture<Void> retainedWrite = message.retained() ? storeRetained(message) : null;
        RouteCollector c = COLLECTOR.get();
        c.reset(message, access);
        trie.match(message.topic(), c);
        c.pickSharedMembers(config.sharedSubscriptionStrategy());
        long storeId = store.durable() && message.qos() > 0 ? storeForPersistentSessions(message, c) : 0;
        message.stored(storeId, both(retainedWrite, message.storeCommit()));
        int delivered = 0;
        for (RouteCollector.Target t : c.targets) {
            // Retain flag as published only with Retain As Published, else 0 [MQTT-3.3.1-12, MQTT-3.3.1-13].
            boolean retainFlag = t.retainAsPublished && message.retained();
            dispatch(t, message, retainFlag, storeId, congested);
            delivered++;
        }
        for (RouteCollector.Target t : c.sharedTargets) {
            boolean retainFlag = t.retainAsPublished && message.retained();
            dispatch(t, message, retainFlag, storeId, congested);
            delivered++;
        }
        c.clearReferences();
        return delivered;
    }

    private void dispatch(RouteCollector.Target t, Message message, boolean retainFlag, long storeId,
            CongestedTargets congested) {
        // A QoS 1/2 subscriber whose queue is full asks its publishers to slow down (mqtt.online_queue_full).
        if (congested != null && t.qos > 0 && t.session.isCongested()) {
            congested.congested(t.session);
        }
        dispatcher.dispatch(t.session, message.retain(), t.qos, retainFlag, t.subscriptionIds(), t.stored ? storeId : 0);
    }

    /**
     * Stores the message once with a row per persistent target session and records id and commit on the
     * message; returns the id, or 0 when no target is persistent.
     */
    private long storeForPersistentSessions(Message message, RouteCollector c) {
        List<StoredDelivery> rows = null;
        long id = 0;
        boolean onlyInProcess = true;
        boolean allOnline = true;
        for (List<RouteCollector.Target> list : List.of(c.targets, c.sharedTargets)) {
            for (RouteCollector.Target t : list) {
                if (t.qos == 0 || !t.session.isDurable() || !c.isFirstFor(t)) {
                    continue; // a second copy for the same session is stored by the session itself
                }
                if (rows == null) {
                    rows = new ArrayList<>(2);
                    id = store.nextMessageId();
                }
                t.stored = true;
                onlyInProcess &= t.session.isInProcess();
                allOnline &= t.session.isOnline();
                rows.add(StoredDelivery.queued(t.session.clientId(), id, t.qos,
                        t.retainAsPublished && message.retained(), t.subscriptionIds()));
            }
        }
        if (rows == null) {
            return 0;
        }
        CompletableFuture<Void> commit;
        if (rows.size() == 1 && onlyInProcess) {
            // One persistent target, an in-process subscriber (a bridge): the message is safe once that subscriber
            // says a remote broker acknowledged it, or once the store has committed it, whichever is first. On a
            // healthy link the remote is usually first; while the subscriber is online the store holds the insert
            // back for a moment, and the delivery's delete then cancels it: a forwarded message costs no disk write
            // at all. While it is offline (the link is down) the insert is not held: the publisher's acknowledgement
            // waits for it. A crash before either leaves the publisher unacknowledged, so it sends again: nothing
            // acknowledged is lost.
            StoredMessage stored = message.toStored(id);
            commit = allOnline ? store.addForwardedMessage(stored, rows.get(0)) : store.addMessage(stored, rows);
            CompletableFuture<Void> safe = message.safeElsewhere();
            commit = CompletableFuture.anyOf(commit, safe).thenApply(x -> null);
        } else {
            commit = store.addMessage(message.toStored(id), rows);
        }
        message.stored(id, commit);
        return id;
    }

    private static CompletableFuture<Void> both(CompletableFuture<Void> a, CompletableFuture<Void> b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : CompletableFuture.allOf(a, b);
    }

    /** Route and hand over at once, without the publish event: for the broker's own $SYS messages. */
    public int routeNow(Message message) {
        int n = route(message, null);
        flush();
        return n;
    }

    /** Sends the deliveries this thread collected for other event loops. */
    public void flush() {
        dispatcher.flush();
    }

    /** Updates the retained index and the store; returns the store's commit, or null without a durable store. */
    private CompletableFuture<Void> storeRetained(Message message) {
        if (!message.payload().isReadable()) {
            // An empty retained payload removes the retained message [MQTT-3.3.1-6] and is not stored [MQTT-3.3.1-7].
            boolean existed = retained.remove(message.topic());
            return existed && store.durable() ? store.deleteRetained(message.topic()) : null;
        }
        byte[] copy = ByteBufUtil.getBytes(message.payload());
        RetainedMessage r = new RetainedMessage(message.topic(), message.qos(), copy, message.properties(),
                System.currentTimeMillis(), message.expiryAtMillis(), message.publisherClientId());
        retained.put(r);
        // $SYS messages are the broker's own and republished every interval: stored, they would only cost
        // a write per interval and bring back stale figures after a restart.
        return store.durable() && !message.topic().startsWith("$SYS/") ? store.putRetained(r) : null;
    }

    /**
     * Removes the retained message of a topic at an operator's request (REST API), from the index and the store,
     * without publishing anything. Returns whether there was one.
     */
    public boolean removeRetained(String topic) {
        boolean existed = retained.remove(topic);
        if (existed && store.durable()) {
            store.deleteRetained(topic);
        }
        return existed;
    }

    public RetainedStore retainedStore() {
        return retained;
    }

    public SubscriptionTrie<Session> trie() {
        return trie;
    }

    BrokerMetrics metrics() {
        return metrics;
    }
}
