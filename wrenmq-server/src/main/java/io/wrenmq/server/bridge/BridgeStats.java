package io.wrenmq.server.bridge;

import java.util.concurrent.atomic.LongAdder;

/** A bridge's counters, for the REST API, Prometheus and $SYS; updated on the bridge's loop, read from anywhere. */
public final class BridgeStats {
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private final LongAdder lost = new LongAdder();

    void countSent() {
        sent.increment();
    }

    void countAcked() {
        acked.increment();
    }

    void countRefused() {
        refused.increment();
    }

    void countDropped() {
        dropped.increment();
    }

    void countReceived() {
        received.increment();
    }

    void countConnected() {
        connects.increment();
    }

    void countLost() {
        lost.increment();
    }

    /** Forwards handed to the remote connection, resends after a cut included. */
    public long sent() {
        return sent.sum();
    }

    /** Forwards the remote acknowledged (and that were then removed from the cache). */
    public long acked() {
        return acked.sum();
    }

    /** Forwards the remote acknowledged with an error reason code (not authorized, quota exceeded, ...). */
    public long refused() {
        return refused.sum();
    }

    /** Messages that could not be mapped to a valid topic in either direction. */
    public long dropped() {
        return dropped.sum();
    }

    /** Messages from the remote published here. */
    public long received() {
        return received.sum();
    }

    /** Successful connections; the first one included. */
    public long connects() {
        return connects.sum();
    }

    /** Established connections that ended other than by stop(). */
    public long connectionsLost() {
        return lost.sum();
    }
}
