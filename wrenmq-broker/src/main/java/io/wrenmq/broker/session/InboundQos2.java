package io.wrenmq.broker.session;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Exactly once on the way in [MQTT-4.3.3-9, MQTT-4.3.3-10]: the packet ids of QoS 2 PUBLISH packets received and
 * routed but not yet released by PUBREL, and, for a persistent session, their rows in the store (a restart must
 * still recognise a resent PUBLISH as a duplicate). Confined to the session's loop.
 */
public final class InboundQos2 {
    private final Set<Integer> pending = new HashSet<>();
    private final SessionPersistence persistence;

    InboundQos2(SessionPersistence persistence) {
        this.persistence = persistence;
    }

    /** Records a packet id; false when it was already awaiting PUBREL (a resend: do not route again) [MQTT-4.3.3-10]. */
    public boolean mark(int packetId) {
        return pending.add(packetId);
    }

    /** Releases a packet id on PUBREL (or a failed PUBREC); false when it was not known. */
    public boolean release(int packetId) {
        return pending.remove(packetId);
    }

    /** Stores an id recorded by {@link #mark}; the PUBREC waits for the returned future (null: nothing to wait for). */
    public CompletableFuture<Void> store(int packetId) {
        return persistence.inboundQos2Received(packetId);
    }

    /** Removes a released id from the store; the PUBCOMP waits for the returned future (or null). */
    public CompletableFuture<Void> unstore(int packetId) {
        return persistence.inboundQos2Released(packetId);
    }

    /** How many ids await PUBREL (bounded by the broker's Receive Maximum [MQTT-3.3.4-9]). */
    public int count() {
        return pending.size();
    }

    /** Puts back ids read from the store after a restart. */
    void restore(int[] packetIds) {
        for (int id : packetIds) {
            pending.add(id);
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void clear() {
        pending.clear();
    }
}
