package io.wrenmq.tools.bench;

import java.util.Arrays;

/**
 * One subscriber's view of the publishers' sequence numbers, to count loss and duplicates. MQTT keeps the
 * order of one publisher's messages on one topic at one QoS (section 4.6), so a sequence number above the
 * next one expected means the ones between were lost, and one below means a duplicate (a message that came
 * late out of order would count as lost and as duplicate; with ordered delivery that does not happen).
 * Event-loop confined; arrays grow with the highest publisher index seen.
 */
final class SequenceTracker {
    /** Publisher indexes above this are not tracked (a foreign payload, most likely). */
    static final int MAX_PUBLISHERS = 1 << 20;
    static final long INVALID = Long.MIN_VALUE;

    private final boolean startAtZero;
    private long[] next;
    private long[] first;
    private long[] unique;

    /**
     * @param startAtZero whether every publisher starts at sequence 0 after this subscriber is in place
     *        (bench pubsub), so that a lost first message counts; otherwise counting starts at the first
     *        sequence number seen from each publisher
     */
    SequenceTracker(int publishers, boolean startAtZero) {
        this.startAtZero = startAtZero;
        int n = Math.max(1, publishers);
        next = new long[n];
        first = new long[n];
        unique = new long[n];
        Arrays.fill(next, -1);
    }

    /** Returns -1 for a duplicate, {@link #INVALID} for a bad index, else how many were skipped (0: in order). */
    long record(int publisher, long sequence) {
        if (publisher < 0 || publisher >= MAX_PUBLISHERS || sequence < 0) {
            return INVALID;
        }
        if (publisher >= next.length) {
            grow(publisher + 1);
        }
        long expected = next[publisher];
        if (expected < 0) {
            expected = startAtZero ? 0 : sequence;
            first[publisher] = expected;
        }
        if (sequence < expected) {
            next[publisher] = expected;
            return -1;
        }
        next[publisher] = sequence + 1;
        unique[publisher]++;
        return sequence - expected;
    }

    private void grow(int min) {
        int n = Math.max(min, next.length * 2);
        int old = next.length;
        next = Arrays.copyOf(next, n);
        first = Arrays.copyOf(first, n);
        unique = Arrays.copyOf(unique, n);
        Arrays.fill(next, old, n, -1);
    }

    long unique(int publisher) {
        return publisher < unique.length ? unique[publisher] : 0;
    }

    long totalUnique() {
        long sum = 0;
        for (long u : unique) {
            sum += u;
        }
        return sum;
    }

    /** Messages of {@code publisher} that never came, given how many it sent from sequence 0. */
    long lost(int publisher, long sent) {
        return Math.max(0, sent - unique(publisher));
    }

    /** Gaps between the first and the last sequence number seen, over all publishers (separate processes). */
    long gaps() {
        long sum = 0;
        for (int i = 0; i < next.length; i++) {
            if (next[i] >= 0) {
                sum += next[i] - first[i] - unique[i];
            }
        }
        return sum;
    }

    /** How many publishers were heard from. */
    int publishersSeen() {
        int n = 0;
        for (long v : next) {
            n += v >= 0 ? 1 : 0;
        }
        return n;
    }
}
