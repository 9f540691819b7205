package io.wrenmq.tools.bench;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters and the latency histogram of one event loop, written only by that loop's thread with plain
 * field updates (no atomics, no locks on the message path). The reporter reads them through
 * {@link #snapshot()}, which it runs as a task on the loop: that gives it a consistent copy and the
 * happens-before edge plain fields need. The histogram is swapped for a fresh one at each snapshot, so the
 * reporter gets the latencies of one interval.
 */
final class LoopStats {
    final EventLoop loop;
    /** PUBLISHes handed to the client. */
    long sent;
    /** Publish futures completed (PUBACK/PUBCOMP, or written for QoS 0), where they are tracked. */
    long completed;
    /** Deliveries the publishers expect: one per matching subscriber per message (pubsub). */
    long expected;
    /** Messages the subscribers got, duplicates included. */
    long received;
    /** Deliveries settled at the subscribers: received once, or skipped over by a sequence gap (lost). */
    long settled;
    long duplicates;
    long errors;
    LatencyHistogram histogram = new LatencyHistogram();
    final List<Publisher> publishers = new ArrayList<>();
    final List<Subscriber> subscribers = new ArrayList<>();

    LoopStats(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs on {@link #loop}. */
    Snapshot snapshot() {
        LatencyHistogram h = histogram;
        histogram = new LatencyHistogram();
        int publishersDone = 0;
        for (Publisher p : publishers) {
            publishersDone += p.done() ? 1 : 0;
        }
        int subscribersDone = 0;
        for (Subscriber s : subscribers) {
            subscribersDone += s.done() ? 1 : 0;
        }
        return new Snapshot(sent, completed, expected, received, settled, duplicates, errors, publishersDone,
                subscribersDone, h);
    }

    /** Cumulative counters at one moment (and the latencies since the previous snapshot). */
    record Snapshot(long sent, long completed, long expected, long received, long settled, long duplicates,
            long errors, int publishersDone, int subscribersDone, LatencyHistogram histogram) {

        static Snapshot zero() {
            return new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, new LatencyHistogram());
        }

        Snapshot plus(Snapshot o) {
            LatencyHistogram h = new LatencyHistogram();
            h.add(histogram);
            h.add(o.histogram);
            return new Snapshot(sent + o.sent, completed + o.completed, expected + o.expected, received + o.received,
                    settled + o.settled, duplicates + o.duplicates, errors + o.errors,
                    publishersDone + o.publishersDone, subscribersDone + o.subscribersDone, h);
        }
    }
}
