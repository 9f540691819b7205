package io.wrenmq.server.bridge;

import io.netty.channel.EventLoop;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.BrokerEvents;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.routing.SharedFilter;
import io.wrenmq.broker.routing.TopicFilters;
import io.wrenmq.broker.session.Session;
import io.wrenmq.client.MqttClient;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.TopicSyntax;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transparent bridging ({@code transparent = true}): the topic filters local clients subscribe to are subscribed on the
 * remote broker too, so that what is published there for them comes down. A filter is subscribed remotely once, however
 * many local sessions hold it (at the highest QoS among them), and unsubscribed when the last one unsubscribes or ends.
 * The bridge's own sessions do not count. Learned from the broker's subscribe events (and, at start, from the sessions
 * already there); confined to the bridge's loop.
 */
final class TransparentSubscriptions implements BrokerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(TransparentSubscriptions.class);
    private static final String BRIDGE_SESSIONS = "$bridge/";

    private final BridgeConfig config;
    private final WrenBroker broker;
    private final EventLoop loop;
    /** filter -> (client id -> QoS) */
    private final Map<String, Map<String, Integer>> holders = new LinkedHashMap<>();
    private MqttClient link;

    TransparentSubscriptions(BridgeConfig config, WrenBroker broker, EventLoop loop) {
        this.config = config;
        this.broker = broker;
        this.loop = loop;
    }

    /** Starts listening, then reads the subscriptions already there (an event in between counts once). */
    void start() {
        broker.events().register(this);
        for (Session s : broker.sessions().sessions()) {
            try {
                s.execute(() -> {
                    String clientId = s.clientId();
                    s.subscriptions().forEach(e -> {
                        Subscription sub = e.options();
                        loop.execute(() -> added(clientId, sub.topicFilter(), sub.qos()));
                    });
                });
            } catch (RejectedExecutionException e) {
                return; // the broker is stopping
            }
        }
    }

    void stop() {
        broker.events().unregister(this);
        link = null;
    }

    @Override
    public Set<EventType> interests() {
        return EnumSet.of(EventType.SESSION_SUBSCRIBED, EventType.SESSION_UNSUBSCRIBED, EventType.SESSION_TERMINATED);
    }

    /** On the session's loop: hand over to the bridge's, never block here. */
    @Override
    public void onEvent(BrokerEvent event) {
        if (event instanceof BrokerEvent.SessionSubscribed e) {
            loop.execute(() -> added(e.clientId(), e.topicFilter(), e.qos()));
        } else if (event instanceof BrokerEvent.SessionUnsubscribed e) {
            loop.execute(() -> removed(e.clientId(), e.topicFilter()));
        } else if (event instanceof BrokerEvent.SessionTerminated e) {
            loop.execute(() -> ended(e.clientId()));
        }
    }

    /** A new link: subscribe every filter held now. */
    void linked(MqttClient c) {
        link = c;
        holders.forEach((filter, byClient) -> subscribeRemote(filter, maxQos(byClient)));
    }

    void unlinked() {
        link = null;
    }

    /** Whether a remote message on {@code topic} is for a transparent subscription. */
    boolean wants(String topic) {
        for (String filter : holders.keySet()) {
            if (TopicSyntax.matches(withoutSharePrefix(filter), topic)) {
                return true;
            }
        }
        return false;
    }

    private void added(String clientId, String filter, int qos) {
        if (clientId.startsWith(BRIDGE_SESSIONS) || filter.startsWith("$SYS/")) {
            return; // a bridge's own forward session; the local broker's own status topics
        }
        Map<String, Integer> byClient = holders.computeIfAbsent(filter, f -> new HashMap<>());
        int before = byClient.isEmpty() ? -1 : maxQos(byClient);
        byClient.put(clientId, qos);
        if (maxQos(byClient) > before) {
            subscribeRemote(filter, maxQos(byClient)); // new, or a higher QoS (a repeated SUBSCRIBE replaces it)
        }
    }

    private void removed(String clientId, String filter) {
        Map<String, Integer> byClient = holders.get(filter);
        if (byClient != null && byClient.remove(clientId) != null && byClient.isEmpty()) {
            holders.remove(filter);
            unsubscribeRemote(filter);
        }
    }

    private void ended(String clientId) {
        for (String filter : new HashSet<>(holders.keySet())) {
            removed(clientId, filter);
        }
    }

    private static int maxQos(Map<String, Integer> byClient) {
        int max = 0;
        for (int q : byClient.values()) {
            max = Math.max(max, q);
        }
        return max;
    }

    private void subscribeRemote(String filter, int qos) {
        MqttClient c = link;
        if (c == null || !c.isConnected()) {
            return; // linked() subscribes it on the next link
        }
        boolean v5 = config.version().isV5();
        // No Local on a v5 remote: the bridge's own forwards on the same topics do not come back.
        c.subscribe(List.of(new Subscription(filter, qos, v5 && TopicFilters.parseShared(filter) == null, false, 0)),
                0, Properties.EMPTY).whenComplete((codes, e) -> {
                    if (e == null && codes.get(0).isError()) {
                        LOG.warn("Bridge {}: the remote refused the transparent subscription to {}: {}", config.name(),
                                filter, codes.get(0).description());
                    }
                });
    }

    private void unsubscribeRemote(String filter) {
        MqttClient c = link;
        if (c != null && c.isConnected()) {
            c.unsubscribe(List.of(filter), Properties.EMPTY);
        }
    }

    /** {@code $share/<group>/<filter>} and {@code $queue/<filter>} match topics as {@code <filter>} does. */
    static String withoutSharePrefix(String filter) {
        SharedFilter shared = TopicFilters.parseShared(filter);
        return shared == null ? filter : shared.filter();
    }
}
