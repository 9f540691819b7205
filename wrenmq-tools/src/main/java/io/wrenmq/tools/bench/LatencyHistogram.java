package io.wrenmq.tools.bench;

/**
 * A log-linear histogram of non-negative values (nanoseconds here), in the manner of HdrHistogram: values
 * below 64 each have a bucket of their own; above, every power of two is split into 64 equal buckets, so a
 * reported percentile is within 1/64 (1.6%) of the true value. Memory is fixed (about 21 KB) whatever the
 * count. Not thread-safe: each event loop records into its own and the reporter merges them.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    /** Values up to 2^42 ns (73 minutes) are kept; larger ones are counted as that. */
    private static final int MAX_MSB = 42;
    private static final long MAX_VALUE = (1L << (MAX_MSB + 1)) - 1;
    private static final int BUCKETS = (MAX_MSB - SUB_BITS + 2) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;
    private long sum;

    void record(long value) {
        long v = value < 0 ? 0 : Math.min(value, MAX_VALUE);
        counts[index(v)]++;
        count++;
        sum += v;
        if (v > max) {
            max = v;
        }
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        return (shift + 1) * SUB + (int) ((v >>> shift) - SUB);
    }

    /** The lowest value that falls into bucket {@code index}. */
    static long lowest(int index) {
        int group = index / SUB;
        int sub = index % SUB;
        if (group == 0) {
            return sub;
        }
        return (long) (SUB + sub) << (group - 1);
    }

    /** The bucket width of bucket {@code index} (1 below 128). */
    static long width(int index) {
        int group = index / SUB;
        return group <= 1 ? 1 : 1L << (group - 1);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    long count() {
        return count;
    }

    long max() {
        return max;
    }

    double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /**
     * The value at {@code percentile} (0-100): the middle of the bucket that holds the value of that rank,
     * never above the largest value recorded; 0 when empty.
     */
    long percentile(double percentile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, lowest(i) + (width(i) - 1) / 2);
            }
        }
        return max;
    }
}
