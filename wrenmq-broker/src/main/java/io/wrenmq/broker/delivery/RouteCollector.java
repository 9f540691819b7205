package io.wrenmq.broker.delivery;

import io.wrenmq.broker.auth.AccessControl;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.routing.MatchSink;
import io.wrenmq.broker.routing.SharedGroup;
import io.wrenmq.broker.routing.SharedSubscriptionStrategy;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.session.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * Collects the subscribers of one message. Overlapping subscriptions of one client are merged into ONE
 * delivery (the "single copy" option of MQTT 5 section 3.3.4): its QoS is the highest granted among them
 * [MQTT-3.3.4-2], it carries each distinct matching Subscription Identifier once [MQTT-3.3.4-3], and the retain flag is
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
        boolean stored; // the router stored this delivery for a persistent session

        int[] subscriptionIds() {
            return idCount == 0 ? null : Arrays.copyOf(ids, idCount);
        }

        /**
         * Adds an identifier unless this copy carries it already: filters subscribed in one SUBSCRIBE share its
         * identifier, and each distinct one is sent once [MQTT-3.3.4-3]. A linear scan: a client rarely has more
         * than a handful of overlapping subscriptions.
         */
        void addSubscriptionId(int id) {
            for (int i = 0; i < idCount; i++) {
                if (ids[i] == id) {
                    return;
                }
            }
            if (idCount == ids.length) {
                ids = Arrays.copyOf(ids, idCount * 2);
            }
            ids[idCount++] = id;
        }
    }

    private final List<Target> pool = new ArrayList<>();
    private final IdentityHashMap<Session, Target> bySession = new IdentityHashMap<>();
    final List<Target> targets = new ArrayList<>();
    /** One target per shared group that had a member to pick, after {@link #pickSharedMembers}. */
    final List<Target> sharedTargets = new ArrayList<>();
    final List<SharedGroup<Session>> sharedGroups = new ArrayList<>();
    private Message message;
    private AccessControl access;
    /** Shared members the message may go to: online and, with an ACL, allowed to receive this topic. */
    private final Predicate<Session> eligible = s -> s.isOnline() && allowed(s);

    void reset(Message message, AccessControl access) {
        this.message = message;
        this.access = access;
        targets.clear();
        sharedTargets.clear();
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
            if (!allowed(s)) {
                return; // the ACL does not let this subscriber receive this topic (now: a reload applies at once)
            }
            t = nextTarget(s, -1, false);
            targets.add(t);
            bySession.put(s, t);
        }
        t.qos = Math.max(t.qos, Math.min(message.qos(), entry.options().qos()));
        t.retainAsPublished |= entry.options().retainAsPublished();
        if (entry.subscriptionId() != 0) {
            t.addSubscriptionId(entry.subscriptionId());
        }
    }

    private Target nextTarget(Session s, int qos, boolean retainAsPublished) {
        int used = targets.size() + sharedTargets.size();
        Target t;
        if (used < pool.size()) {
            t = pool.get(used);
        } else {
            t = new Target();
            pool.add(t);
        }
        t.session = s;
        t.qos = qos;
        t.retainAsPublished = retainAsPublished;
        t.idCount = 0;
        t.stored = false;
        return t;
    }

    /**
     * Picks one member of each matched shared group (section 4.8.2) and adds it as a separate target: a client
     * with both a shared and an ordinary matching subscription receives two copies.
     */
    void pickSharedMembers(SharedSubscriptionStrategy strategy) {
        for (SharedGroup<Session> g : sharedGroups) {
            SubscriptionEntry<Session> member = g.pick(strategy, message.publisherClientId(), eligible);
            if (member == null || !allowed(member.subscriber())) {
                continue; // with no eligible member the pick falls back to any member: never a denied one
            }
            Target t = nextTarget(member.subscriber(), Math.min(message.qos(), member.options().qos()),
                    member.options().retainAsPublished());
            if (member.subscriptionId() != 0) {
                t.addSubscriptionId(member.subscriptionId());
            }
            sharedTargets.add(t);
        }
    }

    /** Whether {@code t} is the first target of its session (a store row is keyed by session and message). */
    boolean isFirstFor(Target t) {
        if (bySession.get(t.session) != null && bySession.get(t.session) != t) {
            return false;
        }
        for (Target o : sharedTargets) {
            if (o == t) {
                return true;
            }
            if (o.session == t.session) {
                return false;
            }
        }
        return true;
    }

    /** Delivery-time authorization; one field check when no ACL is configured. */
    private boolean allowed(Session s) {
        return access == null || !access.enabled() || access.allowDelivery(s, message.topic());
    }

    @Override
    public void onSharedGroup(SharedGroup<Session> group) {
        sharedGroups.add(group);
    }

    void clearReferences() {
        for (Target t : targets) {
            t.session = null;
        }
        for (Target t : sharedTargets) {
            t.session = null;
        }
        sharedTargets.clear();
        message = null;
        sharedGroups.clear();
        bySession.clear();
    }
}
