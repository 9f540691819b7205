package io.wrenmq.broker.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed logins per client id and per client address within a sliding window. Once either count
 * passes {@code maxFailures}, each further refusal is delayed (500 ms, doubling, at most {@code maxDelay})
 * so guessing passwords gets slow; the connection's input is held meanwhile and no thread waits.
 * Listeners (the flapping / ban-list feature) are told about every failure with both counts.
 */
public final class LoginFailures {
    private static final Logger LOG = LoggerFactory.getLogger(LoginFailures.class);
    private static final long FIRST_DELAY_MS = 500;
    /** Bound on remembered keys: an attacker rotating client ids must not grow memory without limit. */
    private static final int MAX_KEYS = 100_000;

    /** Told about each failed login, on the thread that refused it (an event loop: do not block). */
    public interface Listener {
        void onLoginFailure(ClientIdentity who, int failuresOfClientId, int failuresOfAddress);
    }

    private final int maxFailures;
    private final long windowNanos;
    private final long maxDelayMs;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public LoginFailures(int maxFailures, Duration window, Duration maxDelay) {
        this(maxFailures, window, maxDelay, System::nanoTime);
    }

    LoginFailures(int maxFailures, Duration window, Duration maxDelay, LongSupplier clock) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.maxDelayMs = maxDelay.toMillis();
        this.clock = clock;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Records a refused login; returns how long to hold the refusal back (0 = answer at once). */
    public long recordFailure(ClientIdentity who) {
        long now = clock.getAsLong();
        int byId = count("c:" + who.clientId(), now);
        int byAddress = who.address() != null ? count("a:" + who.address().getHostAddress(), now) : 0;
        for (Listener l : listeners) {
            try {
                l.onLoginFailure(who, byId, byAddress);
            } catch (RuntimeException e) {
                LOG.warn("Login failure listener {} failed: {}", l, e.toString());
            }
        }
        int worst = Math.max(byId, byAddress);
        if (maxFailures == 0 || worst <= maxFailures) {
            return 0;
        }
        int over = Math.min(worst - maxFailures - 1, 20);
        return Math.min(maxDelayMs, FIRST_DELAY_MS << over);
    }

    /** A successful login forgets the client id's failures (the address keeps its count until the window ends). */
    public void recordSuccess(ClientIdentity who) {
        windows.remove("c:" + who.clientId());
    }

    /** Failures currently counted for a client id (for tests and the REST API). */
    public int failuresOfClientId(String clientId) {
        Window w = windows.get("c:" + clientId);
        return w == null || clock.getAsLong() - w.start > windowNanos ? 0 : w.count;
    }

    private int count(String key, long now) {
        if (windows.size() >= MAX_KEYS) {
            windows.values().removeIf(w -> now - w.start > windowNanos);
        }
        Window w = windows.compute(key, (k, old) -> {
            if (old == null || now - old.start > windowNanos) {
                return new Window(now, 1);
            }
            return new Window(old.start, old.count + 1);
        });
        return w.count;
    }

    private record Window(long start, int count) {
    }
}
