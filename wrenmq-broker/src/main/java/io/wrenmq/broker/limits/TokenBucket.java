package io.wrenmq.broker.limits;

/**
 * A token bucket that refills continuously from {@link System#nanoTime()}. Not thread-safe: a per-client bucket
 * is used on its connection's event loop only; shared buckets (connection rates) are guarded by their owner.
 *
 * <p>Two ways to use it: {@link #tryTake} refuses when there are not enough tokens (connection rate: the socket
 * is closed), {@link #take} always succeeds and may leave the bucket in debt (publish rate: the message was
 * already read; the reader then pauses for {@link #nanosUntilCredit} so the average rate is exact).
 */
public final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    public TokenBucket(Rate rate, long nowNanos) {
        if (!rate.isLimited()) {
            throw new IllegalArgumentException("a token bucket needs a rate > 0");
        }
        this.perNano = rate.perSecond() / 1e9;
        this.capacity = rate.capacity();
        this.tokens = capacity; // a new client may use its burst at once
        this.lastNanos = nowNanos;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
    }

    /** Takes {@code n} tokens if that many are there; false (and nothing taken) otherwise. */
    public boolean tryTake(double n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** Takes {@code n} tokens, going into debt if needed; true when the bucket is now in debt. */
    public boolean take(double n, long nowNanos) {
        refill(nowNanos);
        tokens -= n;
        return tokens < 0;
    }

    /** How long until the bucket is out of debt (0 when it is not in debt). */
    public long nanosUntilCredit(long nowNanos) {
        refill(nowNanos);
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }

    double tokens(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }
}
