package io.wrenmq.broker.session;

import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.Will;
import java.util.concurrent.TimeUnit;

/**
 * The will of a session and the two timers that run while its client is away: the Will Delay Interval, after which
 * the will goes out unless a new connection came first [MQTT-3.1.3-9], and the Session Expiry Interval, after which
 * the session ends (section 3.1.2.11.2) and a will still waiting goes out with it. A will whose delay is not shorter
 * than the expiry waits for the end.
 *
 * <p>Confined to the session's loop; the timers run there and call back {@link Session#willDelayElapsed} and
 * {@link Session#expiryElapsed}.
 */
final class SessionTimers {
    /** Session Expiry Interval 0xFFFFFFFF: the session does not expire (section 3.1.2.11.2). */
    static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    private final Session session;
    private Will will;
    private ScheduledFuture<?> willTimer;
    private ScheduledFuture<?> expiryTimer;

    SessionTimers(Session session) {
        this.session = session;
    }

    /** The will of the last connection, still to be sent; null when there is none or it went out. */
    Will will() {
        return will;
    }

    /** The will a new (or restored) connection brought. */
    void will(Will w) {
        this.will = w;
    }

    /** Removes the will and returns it (null when there was none). */
    Will takeWill() {
        Will w = will;
        will = null;
        return w;
    }

    /**
     * The client went away from a session that lives on for {@code expirySeconds}: a will without delay goes out now,
     * one with a delay shorter than the expiry on its timer; the expiry timer starts unless the session never expires.
     */
    void clientGone(long expirySeconds) {
        Will w = will;
        if (w != null) {
            long delay = willDelaySeconds(w);
            if (delay == 0) {
                will = null;
                session.publishWill(w);
            } else if (delay < expirySeconds) {
                willTimer = session.loop().schedule(this::willDue, delay, TimeUnit.SECONDS);
            } // else: the will goes out when the session expires (Session.end)
        }
        if (expirySeconds != NEVER_EXPIRES) {
            expiryTimer = session.loop().schedule(this::expiryDue, expirySeconds, TimeUnit.SECONDS);
        }
    }

    /**
     * Restarts the timers of a session restored after a broker restart, its client away for {@code awayMillis}
     * already: both count from when its last connection closed.
     */
    void resume(long expirySeconds, long awayMillis) {
        if (expirySeconds != NEVER_EXPIRES) {
            long left = Math.max(0, expirySeconds * 1000 - awayMillis);
            expiryTimer = session.loop().schedule(this::expiryDue, left, TimeUnit.MILLISECONDS);
        }
        if (will != null) {
            long delay = willDelaySeconds(will);
            if (delay < expirySeconds) {
                long left = Math.max(0, delay * 1000 - awayMillis);
                willTimer = session.loop().schedule(this::willDue, left, TimeUnit.MILLISECONDS);
            } // else: the will goes out when the session expires (Session.end)
        }
    }

    /**
     * Stops both timers and takes the will: a new connection arrived (the caller sends the will only when the session
     * ends there, section 3.1.3.2.2), or the session ends or the broker stops.
     */
    Will cancel() {
        if (willTimer != null) {
            willTimer.cancel(false);
            willTimer = null;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
        return takeWill();
    }

    private void willDue() {
        willTimer = null;
        Will w = takeWill();
        if (w != null) {
            session.willDelayElapsed(w);
        }
    }

    private void expiryDue() {
        expiryTimer = null;
        session.expiryElapsed();
    }

    static long willDelaySeconds(Will w) {
        return w.properties().getLong(PropertyId.WILL_DELAY_INTERVAL, 0);
    }
}
