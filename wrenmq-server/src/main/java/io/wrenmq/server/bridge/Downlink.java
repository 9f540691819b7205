package io.wrenmq.server.bridge;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.Publication;
import io.wrenmq.broker.routing.TopicFilters;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.ReceivedMessage;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.TopicSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge's {@code subscription} entries, remote -> local: subscribed on every new link, and what arrives is published
 * here with {@link WrenBroker#publish} under the bridge's session name, so that the bridge's own forwards (No Local)
 * do not send it back. Confined to the bridge's loop.
 */
final class Downlink {
    private static final Logger LOG = LoggerFactory.getLogger(Downlink.class);

    /** The route of one entry; {@code matchFilter} is the filter without a $share/$queue prefix. */
    private record Route(BridgeSubscription subscription, String matchFilter, TopicRemap remap) {
    }

    private final BridgeConfig config;
    private final WrenBroker broker;
    private final BridgeStats stats;
    private static final CompletionStage<?> DONE = CompletableFuture.completedFuture(null);

    private final List<Route> routes = new ArrayList<>();
    private final TransparentSubscriptions transparent; // null unless transparent = true

    Downlink(BridgeConfig config, WrenBroker broker, BridgeStats stats, TransparentSubscriptions transparent) {
        this.config = config;
        this.broker = broker;
        this.stats = stats;
        this.transparent = transparent;
        routes(config.subscriptions());
    }

    /** Subscribes every entry on a new link (also when the remote kept the session: a changed entry must apply). */
    void subscribe(MqttClient c, String server) {
        if (transparent != null) {
            transparent.linked(c);
        }
        if (routes.isEmpty()) {
            return;
        }
        List<BridgeSubscription> all = new ArrayList<>();
        routes.forEach(r -> all.add(r.subscription()));
        subscribe(c, server, all, config.subscriptionId(), config.subscriptionUserProperties());
    }

    /**
     * Subscribes {@code entries} on the link {@code c} with these MQTT 5 subscription properties (a v3 remote gets
     * neither them nor the v5 options); refusals are logged. Completes with the remote's reason codes, exceptionally
     * when the link went (the next one subscribes again).
     */
    CompletableFuture<List<ReasonCode>> subscribe(MqttClient c, String server, List<BridgeSubscription> entries,
            int subscriptionId, Map<String, String> userProperties) {
        boolean v5 = config.version().isV5();
        List<Subscription> subs = new ArrayList<>();
        for (BridgeSubscription s : entries) {
            // No Local on a shared subscription is a Protocol Error [MQTT-3.8.3-4]
            boolean noLocal = s.noLocal() && TopicFilters.parseShared(s.remoteTopic()) == null;
            subs.add(v5 ? new Subscription(s.remoteTopic(), s.qos(), noLocal, s.retainAsPublished(), s.retainHandling())
                    : new Subscription(s.remoteTopic(), s.qos(), false, false, 0));
        }
        return c.subscribe(subs, v5 ? subscriptionId : 0, userProperties(userProperties)).whenComplete((codes, e) -> {
            if (e != null) {
                return; // the link went; the next one subscribes again
            }
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i).isError()) {
                    LOG.warn("Bridge {}: {} refused the subscription to {}: {}", config.name(), server,
                            subs.get(i).topicFilter(), codes.get(i).description());
                }
            }
        });
    }

    /** The User Properties of a SUBSCRIBE or UNSUBSCRIBE: for an MQTT 5 remote only. */
    Properties userProperties(Map<String, String> userProperties) {
        if (!config.version().isV5() || userProperties.isEmpty()) {
            return Properties.EMPTY;
        }
        Properties.Builder b = Properties.builder();
        userProperties.forEach(b::addUserProperty);
        return b.build();
    }

    /** Routes by these entries from now on (the REST API changed the subscriptions); on the loop. */
    void routes(List<BridgeSubscription> subscriptions) {
        routes.clear();
        for (BridgeSubscription s : subscriptions) {
            String match = TransparentSubscriptions.withoutSharePrefix(s.remoteTopic());
            routes.add(new Route(s, match, new TopicRemap(match, s.localTopic(), s.prefix(), s.suffix())));
        }
    }

    /**
     * A message from the remote; runs on the loop. The returned stage completes when the message is safe here (as a
     * client's PUBLISH: stored for persistent subscribers when the store is durable); the remote gets its PUBACK or
     * PUBREC only then, so a kill -9 of this broker in between makes the remote send it again, not lose it.
     */
    CompletionStage<?> fromRemote(ReceivedMessage m) {
        Route route = route(m.topic());
        if (route == null && transparent != null && transparent.wants(m.topic())) {
            return publishHere(m, m.topic(), m.retain());
        }
        if (route == null) {
            stats.countDropped();
            LOG.debug("Bridge {}: a message to {} matches no subscription entry; dropped", config.name(), m.topic());
            return DONE;
        }
        BridgeSubscription s = route.subscription();
        return publishHere(m, route.remap().apply(m.topic()), s.retain() == 2 ? m.retain() : s.retain() == 1);
    }

    private CompletionStage<?> publishHere(ReceivedMessage m, String topic, boolean retain) {
        Publication p;
        try {
            p = Publication.of(topic, m.payload()).qos(m.qos()).retain(retain)
                    .properties(BridgeProperties.forwardable(m.properties())).publisher(config.sessionName(), null);
        } catch (IllegalArgumentException e) {
            stats.countDropped();
            LOG.warn("Bridge {}: the message to {} is not published here: {}", config.name(), m.topic(), e.getMessage());
            return DONE;
        }
        stats.countReceived();
        return broker.publish(p).whenComplete((code, e) -> {
            if (e != null) {
                LOG.warn("Bridge {}: the message to {} could not be published here: {}", config.name(), topic,
                        e.getMessage());
            }
        });
    }

    /** The link went. */
    void unlinked() {
        if (transparent != null) {
            transparent.unlinked();
        }
    }

    private Route route(String topic) {
        for (Route r : routes) {
            if (TopicSyntax.matches(r.matchFilter(), topic)) {
                return r;
            }
        }
        return null;
    }
}
