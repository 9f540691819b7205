package io.wrenmq.server.http.dashboard;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The dashboard's logins, in memory (a restart logs everybody out, which is what an operator expects of a broker
 * restart). A session is a random 256-bit id (the cookie) with its own random CSRF token; it ends after
 * {@code timeout} without a request. At most {@link #MAX_SESSIONS} live at once: a new login beyond that ends the
 * least recently used one, so logging in in a loop cannot grow memory.
 */
public final class DashboardSessions {
    public static final int MAX_SESSIONS = 64;
    private static final int ID_BYTES = 32;

    /** One login: who, its CSRF token, and when it ends unless used again. */
    public record Session(String id, String username, String csrfToken, long expiresAtMillis) {
    }

    private final SecureRandom random = new SecureRandom();
    private final long timeoutMillis;
    private final LongSupplier clockMillis;
    /** In access order: the first entry is the least recently used. Guarded by this. */
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

    public DashboardSessions(Duration timeout) {
        this(timeout, System::currentTimeMillis);
    }

    public DashboardSessions(Duration timeout, LongSupplier clockMillis) {
        this.timeoutMillis = timeout.toMillis();
        this.clockMillis = clockMillis;
    }

    public Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }

    /** A new session for a user who just logged in. */
    public synchronized Session create(String username) {
        long now = clockMillis.getAsLong();
        dropExpired(now);
        if (sessions.size() >= MAX_SESSIONS) {
            Iterator<String> eldest = sessions.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        Session s = new Session(randomToken(), username, randomToken(), now + timeoutMillis);
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id, its idle timeout started again; empty when unknown or expired. */
    public synchronized Optional<Session> use(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        long now = clockMillis.getAsLong();
        if (s == null) {
            return Optional.empty();
        }
        if (now >= s.expiresAtMillis()) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session renewed = new Session(s.id(), s.username(), s.csrfToken(), now + timeoutMillis);
        sessions.put(id, renewed);
        return Optional.of(renewed);
    }

    /** Logout: the id is forgotten, so the cookie no longer works anywhere. */
    public synchronized void remove(String id) {
        sessions.remove(id);
    }

    public synchronized int size() {
        dropExpired(clockMillis.getAsLong());
        return sessions.size();
    }

    private void dropExpired(long now) {
        sessions.values().removeIf(s -> now >= s.expiresAtMillis());
    }

    private String randomToken() {
        byte[] b = new byte[ID_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
