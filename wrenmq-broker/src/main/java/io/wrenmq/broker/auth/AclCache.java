package io.wrenmq.broker.auth;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's recent ACL decisions (auth.cache): at most {@code maxSize} entries per kind of check, each
 * valid for {@code ttl}. Deliveries to a subscriber are checked on the publishers' event loops, so several
 * threads may use it at once: it is concurrent, and a lookup allocates nothing. A cache belongs to one
 * identity and one rules generation; {@link AccessControl} replaces it when either changes, which is how a
 * reload invalidates every client's cache without touching them.
 */
public final class AclCache {
    private record Entry(AclDecision decision, long expiresAtNanos) {
    }

    final ClientIdentity identity;
    final int generation;
    private final int maxSize;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> publish = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry> subscribe = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry> delivery = new ConcurrentHashMap<>();

    AclCache(ClientIdentity identity, int generation, int maxSize, long ttlNanos) {
        this.identity = identity;
        this.generation = generation;
        this.maxSize = maxSize;
        this.ttlNanos = ttlNanos;
    }

    private ConcurrentHashMap<String, Entry> map(AclAction action, boolean deliveryCheck) {
        if (deliveryCheck) {
            return delivery;
        }
        return action == AclAction.PUBLISH ? publish : subscribe;
    }

    /** The cached decision, or null when none or expired. */
    AclDecision get(AclAction action, boolean deliveryCheck, String topic) {
        Entry e = map(action, deliveryCheck).get(topic);
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.expiresAtNanos >= 0) {
            map(action, deliveryCheck).remove(topic, e);
            return null;
        }
        return e.decision;
    }

    void put(AclAction action, boolean deliveryCheck, String topic, AclDecision decision) {
        ConcurrentHashMap<String, Entry> m = map(action, deliveryCheck);
        if (m.size() >= maxSize && !m.containsKey(topic)) {
            Iterator<String> it = m.keySet().iterator(); // bounded: drop one entry to make room
            if (it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        m.put(topic, new Entry(decision, System.nanoTime() + ttlNanos));
    }

    /** Entries held (all kinds), for tests and diagnostics. */
    public int size() {
        return publish.size() + subscribe.size() + delivery.size();
    }
}
