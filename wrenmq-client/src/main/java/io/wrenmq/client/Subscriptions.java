package io.wrenmq.client;

import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.SubAck;
import io.wrenmq.codec.Subscribe;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.UnsubAck;
import io.wrenmq.codec.Unsubscribe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE/UNSUBSCRIBE exchanges and the subscriptions the server granted. Requests made while there is
 * no connection, and those cut off by a lost connection, wait in {@code deferred} and go out after the next
 * CONNACK. The granted subscriptions are what we restore with new SUBSCRIBEs when the server has no session
 * for us after a reconnect. Event-loop confined.
 */
final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    /** A granted subscription with what it was requested with. */
    private record Active(Subscription subscription, int subscriptionId, Properties properties) {
    }

    /**
     * A request, given its packet id when sent. {@code restore} marks our own resubscription, which is not
     * carried over a lost connection (the next CONNACK without a session makes a new one).
     */
    private record Request(List<Subscription> subscribe, List<String> unsubscribe, int subscriptionId,
            Properties properties, CompletableFuture<List<ReasonCode>> future, boolean restore) {

        MqttPacket packet(int packetId) {
            if (subscribe != null) {
                Properties p = properties;
                if (subscriptionId > 0) {
                    p = p.toBuilder().put(PropertyId.SUBSCRIPTION_IDENTIFIER, subscriptionId).build();
                }
                return new Subscribe(packetId, subscribe, p);
            }
            return new Unsubscribe(packetId, unsubscribe, properties);
        }
    }

    private final PacketIds packetIds;
    private final Map<String, Active> active = new LinkedHashMap<>();
    private final Map<Integer, Request> pending = new HashMap<>();
    private final ArrayDeque<Request> deferred = new ArrayDeque<>();

    Subscriptions(PacketIds packetIds) {
        this.packetIds = packetIds;
    }

    void subscribe(Connection c, List<Subscription> subscriptions, int subscriptionId, Properties properties,
            CompletableFuture<List<ReasonCode>> future) {
        submit(c, new Request(List.copyOf(subscriptions), null, subscriptionId, properties, future, false));
    }

    void unsubscribe(Connection c, List<String> filters, Properties properties,
            CompletableFuture<List<ReasonCode>> future) {
        submit(c, new Request(null, List.copyOf(filters), 0, properties, future, false));
    }

    private void submit(Connection c, Request r) {
        if (c == null) {
            deferred.add(r);
        } else {
            send(c, r);
        }
    }

    private void send(Connection c, Request r) {
        int id = packetIds.allocate();
        if (id == 0) {
            r.future.completeExceptionally(new MqttClientException("No free packet identifier: 65535 exchanges "
                    + "in flight"));
            return;
        }
        pending.put(id, r);
        c.send(r.packet(id));
    }

    void onSubAck(Connection c, SubAck ack) {
        Request r = pending.get(ack.packetId());
        if (r == null || r.subscribe == null) {
            LOG.debug("SUBACK for unknown packet id {} ignored", ack.packetId());
            return;
        }
        List<ReasonCode> codes = ack.reasonCodes();
        if (codes.size() != r.subscribe.size()) {
            c.protocolError(ReasonCode.PROTOCOL_ERROR, "SUBACK with " + codes.size() + " reason codes for "
                    + r.subscribe.size() + " topic filters [MQTT-3.9.3-1]");
            return;
        }
        complete(ack.packetId(), r);
        for (int i = 0; i < codes.size(); i++) {
            Subscription s = r.subscribe.get(i);
            if (!codes.get(i).isError()) {
                active.put(s.topicFilter(), new Active(s, r.subscriptionId, r.properties));
            }
        }
        r.future.complete(codes);
    }

    void onUnsubAck(Connection c, UnsubAck ack) {
        Request r = pending.get(ack.packetId());
        if (r == null || r.unsubscribe == null) {
            LOG.debug("UNSUBACK for unknown packet id {} ignored", ack.packetId());
            return;
        }
        complete(ack.packetId(), r);
        for (String filter : r.unsubscribe) {
            active.remove(filter);
        }
        // MQTT 3.x UNSUBACK carries no codes: success for every filter.
        List<ReasonCode> codes = c.version().isV5() ? ack.reasonCodes()
                : Collections.nCopies(r.unsubscribe.size(), ReasonCode.SUCCESS);
        r.future.complete(codes);
    }

    private void complete(int packetId, Request r) {
        pending.remove(packetId);
        packetIds.release(packetId);
    }

    /**
     * A new session on the server: subscribe again to everything granted before, one SUBSCRIBE per
     * Subscription Identifier (an identifier belongs to a whole SUBSCRIBE, section 3.8.2.1.2).
     */
    void resubscribe(Connection c) {
        if (active.isEmpty()) {
            return;
        }
        Map<Integer, List<Active>> byId = new TreeMap<>();
        for (Active a : active.values()) {
            byId.computeIfAbsent(a.subscriptionId, k -> new ArrayList<>()).add(a);
        }
        for (List<Active> group : byId.values()) {
            List<Subscription> subs = new ArrayList<>(group.size());
            for (Active a : group) {
                subs.add(a.subscription);
            }
            CompletableFuture<List<ReasonCode>> f = new CompletableFuture<>();
            f.whenComplete((codes, error) -> {
                if (error != null) {
                    LOG.warn("Resubscribing to {} failed: {}", subs, error.getMessage());
                } else if (codes.stream().anyMatch(ReasonCode::isError)) {
                    LOG.warn("Resubscribing to {} refused in part: {}", subs, codes);
                }
            });
            LOG.debug("Resubscribing to {}", subs);
            send(c, new Request(subs, null, group.get(0).subscriptionId, group.get(0).properties, f, true));
        }
    }

    void sendDeferred(Connection c) {
        Request r;
        while ((r = deferred.poll()) != null) {
            send(c, r);
        }
    }

    /** The connection is gone but a reconnect follows: unanswered requests go out again after it. */
    void connectionLost() {
        List<Integer> ids = new ArrayList<>(pending.keySet());
        Collections.sort(ids);
        for (int i = ids.size() - 1; i >= 0; i--) {
            Request r = pending.remove(ids.get(i));
            packetIds.release(ids.get(i));
            if (!r.restore) {
                deferred.addFirst(r);
            }
        }
    }

    void failAll(MqttClientException reason) {
        connectionLost();
        Request r;
        while ((r = deferred.poll()) != null) {
            r.future.completeExceptionally(reason);
        }
    }
}
