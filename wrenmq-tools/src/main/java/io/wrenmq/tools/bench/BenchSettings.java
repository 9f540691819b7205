package io.wrenmq.tools.bench;

/**
 * What every publisher and subscriber of one run shares: the message settings and the stop flag, which the
 * reporter sets once and the event loops read (a volatile read per batch, not a lock).
 */
final class BenchSettings {
    private final int qos;
    private final int size;
    private final long limit;
    private final BenchClock clock;
    private volatile boolean stopping;

    BenchSettings(int qos, int size, long limit, BenchClock clock) {
        this.qos = qos;
        this.size = size;
        this.limit = limit;
        this.clock = clock;
    }

    int qos() {
        return qos;
    }

    int size() {
        return size;
    }

    /** Messages per publisher (or per subscriber in bench sub); 0 for no limit. */
    long limit() {
        return limit;
    }

    BenchClock clock() {
        return clock;
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }
}
