package io.wrenmq.client;

import java.util.BitSet;

/**
 * Packet identifiers of one session, shared by PUBLISH (QoS 1/2), SUBSCRIBE and UNSUBSCRIBE: an identifier
 * stays taken until its acknowledgement completes the exchange, and is never 0 [MQTT-2.2.1-2, MQTT-2.2.1-3].
 * Allocation walks forward from the last one handed out, so a just-freed id is not reused at once (a late
 * duplicate acknowledgement then cannot complete the wrong exchange). Event-loop confined.
 */
final class PacketIds {
    private static final int MAX = 65535;

    private final BitSet used = new BitSet(MAX + 1);
    private int last;
    private int inUse;

    /** A free identifier, or 0 when all 65535 are taken. */
    int allocate() {
        if (inUse == MAX) {
            return 0;
        }
        int id = used.nextClearBit(last + 1);
        if (id > MAX) {
            id = used.nextClearBit(1);
        }
        used.set(id);
        inUse++;
        last = id;
        return id;
    }

    void release(int id) {
        if (id > 0 && used.get(id)) {
            used.clear(id);
            inUse--;
        }
    }

    int inUse() {
        return inUse;
    }
}
