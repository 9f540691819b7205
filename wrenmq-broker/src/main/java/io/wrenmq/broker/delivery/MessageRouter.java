package io.wrenmq.broker.delivery;

import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.routing.RetainedMessage;
import io.wrenmq.broker.routing.RetainedStore;
import io.wrenmq.broker.routing.SharedGroup;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.routing.SubscriptionTrie;
import io.wrenmq.broker.session.Session;

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
    private final BrokerConfig config;
    private final BrokerMetrics metrics;
    private final LoopDispatcher dispatcher = new LoopDispatcher();

    public MessageRouter(SubscriptionTrie<Session> trie, RetainedStore retained, BrokerConfig config,
            BrokerMetrics metrics) {
        this.trie = trie;
        this.retained = retained;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Routes the message; returns how many sessions it was handed to. The caller keeps its own reference
     * to {@code message} (each delivery takes one more). Deliveries to other loops wait for {@link #flush()}.
     */
    public int route(Message message) {
        if (message.retained()) {
            storeRetained(message);
        }
        RouteCollector c = COLLECTOR.get();
        c.reset(message);
        trie.match(message.topic(), c);
        int delivered = 0;
        for (RouteCollector.Target t : c.targets) {
            // Retain flag as published only with Retain As Published, else 0 [MQTT-3.3.1-12, MQTT-3.3.1-13].
            boolean retainFlag = t.retainAsPublished && message.retained();
            dispatcher.dispatch(t.session, message.retain(), t.qos, retainFlag, t.subscriptionIds());
            delivered++;
        }
        for (SharedGroup<Session> g : c.sharedGroups) {
            SubscriptionEntry<Session> member = g.pick(config.sharedSubscriptionStrategy(),
                    message.publisherClientId(), Session::isOnline);
            if (member == null) {
                continue;
            }
            int qos = Math.min(message.qos(), member.options().qos());
            int[] ids = member.subscriptionId() == 0 ? null : new int[] {member.subscriptionId()};
            boolean retainFlag = member.options().retainAsPublished() && message.retained();
            dispatcher.dispatch(member.subscriber(), message.retain(), qos, retainFlag, ids);
            delivered++;
        }
        c.clearReferences();
        return delivered;
    }

    /** Route and hand over at once: for callers outside a read batch (wills, $SYS, timers). */
    public int routeNow(Message message) {
        int n = route(message);
        flush();
        return n;
    }

    /** Sends the deliveries this thread collected for other event loops. */
    public void flush() {
        dispatcher.flush();
    }

    private void storeRetained(Message message) {
        if (!message.payload().isReadable()) {
            // An empty retained payload removes the retained message [MQTT-3.3.1-6] and is not stored [MQTT-3.3.1-7].
            retained.remove(message.topic());
            return;
        }
        byte[] copy = ByteBufUtil.getBytes(message.payload());
        retained.put(new RetainedMessage(message.topic(), message.qos(), copy, message.properties(),
                System.currentTimeMillis(), message.expiryAtMillis(), message.publisherClientId()));
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
