package io.wrenmq.server.bridge;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.InProcessSubscriber;
import io.wrenmq.broker.api.ReceivedMessage;
import io.wrenmq.broker.api.SubscriberOptions;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.PublishResult;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.TopicSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge's forwards, local -> remote, through its in-process subscriber: the session {@code $bridge/<name>},
 * persistent while the offline cache is on, its queue bounded by {@code bridges.mqtt.cache.disk_cache_size} with the
 * oldest dropped, No Local (what the bridge brought in is not sent back), Retain As Published.
 *
 * <p>The subscriber is attached only while the remote link is up. A message is acknowledged to the session only when
 * the remote has acknowledged it (PUBACK, PUBCOMP): what was in flight at a cut stays in the session and goes out again
 * first, in order, when the session is attached to the next link (it resends with DUP [MQTT-4.4.0-1]). While the link
 * is down the session is offline: QoS 1/2 messages wait in its queue and in the store (a restart or kill -9 keeps
 * them); QoS 0 ones are dropped, as for any absent subscriber. Confined to the bridge's loop.
 */
final class Uplink {
    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);

    /** The route of one {@code forwards} entry. */
    private record Route(BridgeForward forward, TopicRemap remap) {
    }

    private final BridgeConfig config;
    private final BridgeCacheConfig cache;
    private final WrenBroker broker;
    private final EventLoop loop;
    private final BridgeStats stats;
    private final List<Route> routes = new ArrayList<>();
    private InProcessSubscriber subscriber;
    private MqttClient link; // the connected remote client messages go to; null while the link is down

    Uplink(BridgeConfig config, BridgeCacheConfig cache, WrenBroker broker, EventLoop loop, BridgeStats stats) {
        this.config = config;
        this.cache = cache;
        this.broker = broker;
        this.loop = loop;
        this.stats = stats;
        for (BridgeForward f : config.forwards()) {
            routes.add(new Route(f, new TopicRemap(f.localTopic(), f.remoteTopic(), f.prefix(), f.suffix())));
        }
    }

    boolean isEmpty() {
        return routes.isEmpty();
    }

    /**
     * Attaches the session and sends what it holds to {@code remote}: first what was in flight, then the queue, then
     * live messages. {@code remote} null only makes (or resumes) the session and its subscriptions, so that messages
     * for the remote are kept from the bridge's start on even when the remote cannot be reached yet; {@link #detach}
     * then lets it wait offline.
     */
    CompletableFuture<Void> attach(MqttClient remote) {
        link = remote;
        boolean persistent = cache.enable() && cache.diskCacheSize() > 0;
        SubscriberOptions options = SubscriberOptions.named(config.sessionName())
                .persistent(persistent)
                .maxInflight(Math.max(1, config.maxInflight()))
                .executor(loop)
                .noLocal(true)           // not back what the bridge brought in
                .retainAsPublished(true) // forwards[].retain = 2 keeps the publisher's flag
                .retainHandling(1);      // retained messages once, when a forward is new, not on every reconnect
        if (persistent) {
            options = options.maxQueued(cache.diskCacheSize(), true);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        broker.subscribe(options, this::toRemote).whenComplete((sub, e) -> loop.execute(() -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            if (link != remote) {
                sub.close(); // detached (the link went) while attaching
                done.complete(null);
                return;
            }
            if (subscriber != null && subscriber != sub) {
                subscriber.close();
            }
            subscriber = sub;
            reconcileFilters(sub).whenComplete((v, e2) -> {
                if (e2 != null) {
                    done.completeExceptionally(e2);
                } else {
                    done.complete(null);
                }
            });
        }));
        return done;
    }

    /** The link went (or the bridge stops): the session waits offline; in-flight messages stay in it. */
    void detach() {
        link = null;
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }

    /** The persistent session keeps its subscriptions: add the configured filters, drop ones no longer configured. */
    private CompletableFuture<Void> reconcileFilters(InProcessSubscriber sub) {
        List<String> wanted = new ArrayList<>();
        routes.forEach(r -> wanted.add(r.forward().localTopic()));
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (String existing : sub.subscriptions()) {
            if (!wanted.contains(existing)) {
                steps.add(sub.unsubscribe(existing));
            }
        }
        for (String filter : wanted) {
            steps.add(sub.subscribe(filter, 2)); // the message's own QoS; forwards[].qos decides the remote one
        }
        return CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]));
    }

    /** A local message for the remote; runs on the loop. */
    private void toRemote(ReceivedMessage m) {
        MqttClient c = link;
        if (c == null || !c.isConnected()) {
            return; // not acknowledged: the session keeps it and sends it again on the next link
        }
        Route route = route(m.topic());
        if (route == null) {
            m.ack(); // a filter of an earlier configuration, not yet unsubscribed
            return;
        }
        BridgeForward f = route.forward();
        String topic = route.remap().apply(m.topic());
        String invalid = TopicSyntax.invalidNameReason(topic);
        if (invalid != null) {
            stats.countDropped();
            LOG.warn("Bridge {}: the message to {} is not forwarded: remote topic {} is invalid ({})", config.name(),
                    m.topic(), topic, invalid);
            m.ack();
            return;
        }
        int qos = f.qos() == BridgeForward.KEEP_QOS ? m.qos() : f.qos();
        boolean retain = f.retain() == BridgeForward.KEEP_RETAIN ? m.isRetain() : f.retain() == 1;
        Properties props = config.version().isV5() ? BridgeProperties.forwardable(m.properties()) : Properties.EMPTY;
        stats.countSent();
        c.publish(topic, Unpooled.wrappedBuffer(m.payload()), qos, retain, props)
                .whenComplete((result, e) -> loop.execute(() -> answered(m, topic, result, e)));
    }

    private void answered(ReceivedMessage m, String topic, PublishResult result, Throwable e) {
        if (e != null) {
            return; // the link went: the session sends it again on the next one
        }
        if (result.reasonCode().isError()) {
            // The remote refuses it for good (not authorized, quota, ...): sending it again would not help and would
            // hold back every message after it.
            stats.countRefused();
            LOG.warn("Bridge {}: the remote refused the message to {}: {}", config.name(), topic,
                    result.reasonCode().description());
            m.ack();
        } else {
            stats.countAcked();
            if (result.qos() > 0) {
                m.ackSafeElsewhere(); // the remote has it: the local publisher need not wait for our store
            } else {
                m.ack(); // a QoS 0 forward was only written to the socket
            }
        }
    }

    private Route route(String topic) {
        for (Route r : routes) {
            if (TopicSyntax.matches(r.forward().localTopic(), topic)) {
                return r;
            }
        }
        return null;
    }
}
