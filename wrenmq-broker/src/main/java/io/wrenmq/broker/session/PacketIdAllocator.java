package io.wrenmq.broker.session;

import java.util.function.IntPredicate;

/**
 * Hands out packet identifiers 1..65535 in a cycle, skipping the ones still in use [MQTT-2.2.1-3,
 * MQTT-2.2.1-4]. Cycling (rather than reusing the lowest free id) keeps a just-freed id from being reused
 * at once, which helps clients that log or match acknowledgements late.
 */
final class PacketIdAllocator {
    private int next = 1;

    /** A free id, or 0 when all 65535 are in use. */
    int allocate(IntPredicate inUse) {
        for (int tries = 0; tries < 65535; tries++) {
            int id = next;
            next = next == 65535 ? 1 : next + 1;
            if (!inUse.test(id)) {
                return id;
            }
        }
        return 0;
    }
}
