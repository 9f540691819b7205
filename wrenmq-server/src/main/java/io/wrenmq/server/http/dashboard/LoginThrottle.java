package io.wrenmq.server.http.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Refuses dashboard logins from an address that failed {@code maxFailures} times within {@code window}, for
 * {@code block}. The broker's MQTT throttle (LoginFailures) delays each refusal instead, holding the connection's
 * input; an HTTP login answers at once, so here the answer is 429 with Retry-After and no thread waits. Memory is
 * bounded: past {@link #MAX_ADDRESSES} addresses the stale ones are dropped first.
 */
public final class LoginThrottle {
    static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final long windowMillis;
    private final long blockMillis;
    private final LongSupplier clockMillis;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(long windowStart, int failures, long blockedUntil) {
    }

    public LoginThrottle(int maxFailures, Duration window, Duration block) {
        this(maxFailures, window, block, System::currentTimeMillis);
    }

    public LoginThrottle(int maxFailures, Duration window, Duration block, LongSupplier clockMillis) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.blockMillis = block.toMillis();
        this.clockMillis = clockMillis;
    }

    /** Seconds until this address may try again; 0 = it may now. */
    public long retryAfterSeconds(String address) {
        Entry e = entries.get(address);
        long left = e == null ? 0 : e.blockedUntil() - clockMillis.getAsLong();
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    /** A wrong password from this address; the {@code maxFailures}-th within the window blocks it. */
    public void failure(String address) {
        long now = clockMillis.getAsLong();
        if (entries.size() >= MAX_ADDRESSES) {
            entries.values().removeIf(e -> stale(e, now));
        }
        entries.compute(address, (k, old) -> {
            Entry e = old == null || now - old.windowStart() > windowMillis ? new Entry(now, 0, 0) : old;
            int failures = e.failures() + 1;
            return new Entry(e.windowStart(), failures, failures >= maxFailures ? now + blockMillis : e.blockedUntil());
        });
    }

    /** A successful login forgets the address's failures. */
    public void success(String address) {
        entries.remove(address);
    }

    private boolean stale(Entry e, long now) {
        return now - e.windowStart() > windowMillis && now >= e.blockedUntil();
    }
}
