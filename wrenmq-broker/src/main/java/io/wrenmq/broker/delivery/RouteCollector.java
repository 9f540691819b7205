package io.wrenmq.broker.delivery;

import io.wrenmq.broker.routing.MatchSink;
import io.wrenmq.broker.routing.SharedGroup;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.session.Session;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Collects the subscribers of one message. Overlapping subscriptions of one client are merged into ONE
 * delivery (the "single copy" option of MQTT 5 section 3.3.4): its QoS is the highest granted among them
 * [MQTT-3.3.4-2], it carries every matching Subscription Identifier [MQTT-3.3.4-3], and the retain flag is
 * kept if any of them has Retain As Published. Shared groups pick one member each and are delivered
 * separately. Reused per thread (reset per message) so routing allocates little.
 */
final class RouteCollector implements MatchSink<Session> {
    static final class Target {
        Session session;
        int qos;
        boolean retainAsPublished;
        int[] ids = new int[4];
        int idCount;

        int[] subscriptionIds() {
            return idCount == 0 ? null : java.util.Arrays.copyOf(ids, idCount);
        }
    }

    private final List<Target> pool = new ArrayList<>();
    private final IdentityHashMap<Session, Target> bySession = new IdentityHashMap<>();
    final List<Target> targets = new ArrayList<>();
    final List<SharedGroup<Session>> sharedGroups = new ArrayList<>();
    private Message message;

    void reset(Message message) {
        this.message = message;
        targets.clear();
        sharedGroups.clear();
        if (!bySession.isEmpty()) {
            bySession.clear();
        }
    }

    @Override
    public void onSubscription(SubscriptionEntry<Session> entry) {
        // No Local: never send a message back to the client that published it [MQTT-3.8.3-3].
        if (entry.options().noLocal() && entry.clientId().equals(message.publisherClientId())) {
            return;
        }
        Session s = entry.subscriber();
        Target t = bySession.get(s);
        if (t == null) {
            t = targets.size() < pool.size() ? pool.get(targets.size()) : newTarget();
            t.session = s;
            t.qos = -1;
            t.retainAsPublished = false;
            t.idCount = 0;
            targets.add(t);
            bySession.put(s, t);
        }
        t.qos = Math.max(t.qos, Math.min(message.qos(), entry.options().qos()));
        t.retainAsPublished |= entry.options().retainAsPublished();
        if (entry.subscriptionId() != 0) {
            if (t.idCount == t.ids.length) {
                t.ids = java.util.Arrays.copyOf(t.ids, t.idCount * 2);
            }
            t.ids[t.idCount++] = entry.subscriptionId();
        }
    }

    private Target newTarget() {
        Target t = new Target();
        pool.add(t);
        return t;
    }

    @Override
    public void onSharedGroup(SharedGroup<Session> group) {
        sharedGroups.add(group);
    }

    void clearReferences() {
        for (Target t : targets) {
            t.session = null;
        }
        message = null;
        sharedGroups.clear();
        bySession.clear();
    }
}
