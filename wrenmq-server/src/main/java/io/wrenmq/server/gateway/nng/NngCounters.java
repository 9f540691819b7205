package io.wrenmq.server.gateway.nng;

import java.util.concurrent.atomic.LongAdder;

/**
 * A socket's counters; updated on its event loop or the sender's thread, read from anywhere (REST, metrics).
 * {@code sent} counts messages written to a pipe (a PUB message to three subscribers counts three),
 * {@code dropped} messages not written to a pipe because its send buffer was full or (PAIR) no peer was connected,
 * {@code received} messages handed to the handler, {@code filtered} SUB messages matching no subscription and PAIR1
 * messages over the hop limit, {@code refused} pipes closed for a protocol error (bad handshake, wrong peer protocol,
 * oversized or malformed message, a second PAIR peer), {@code connects} pipes that completed the handshake.
 */
public final class NngCounters {
    final LongAdder sent = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder filtered = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder connects = new LongAdder();

    public long sent() {
        return sent.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long received() {
        return received.sum();
    }

    public long filtered() {
        return filtered.sum();
    }

    public long refused() {
        return refused.sum();
    }

    public long connects() {
        return connects.sum();
    }

    @Override
    public String toString() {
        return "sent=" + sent() + " dropped=" + dropped() + " received=" + received() + " filtered=" + filtered()
                + " refused=" + refused() + " connects=" + connects();
    }
}
