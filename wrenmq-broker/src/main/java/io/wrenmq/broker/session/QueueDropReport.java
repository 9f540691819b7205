package io.wrenmq.broker.session;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARN lines about one session's full queue dropping messages: the first drop is logged at once, later ones are
 * counted and reported at most every {@value #INTERVAL_SECONDS} s, each line with the client id and how many were
 * dropped since the last line, and a closing line when the client comes back (so an operator learns the total
 * it missed). A broker-wide ceiling of {@value #LINES_PER_SECOND} lines a second keeps thousands of flooded
 * sessions from flooding the log; a session over it keeps counting and reports in its next line.
 *
 * <p>Created by its session at the first drop; used on the session's loop.
 */
final class QueueDropReport {
    private static final Logger LOG = LoggerFactory.getLogger(QueueDropReport.class);
    static final int INTERVAL_SECONDS = 10;
    static final int LINES_PER_SECOND = 20;
    private static final AtomicLong WINDOW = new AtomicLong(); // second of the current window << 16 | lines in it

    private long sinceLine;
    private long sinceBack;
    private long nextLineAtNanos;
    private boolean logged;

    /** One more message dropped because the queue of {@code clientId} was full. */
    void dropped(String clientId, boolean online, int queueLimit, String policy, String topic) {
        sinceLine++;
        sinceBack++;
        long now = System.nanoTime();
        if (logged && now - nextLineAtNanos < 0 || !mayLog(now)) {
            return;
        }
        LOG.warn("Queue of {} client {} is full ({} messages, mqtt.mqueue_drop = {}): {} message{} dropped{} (last on {})",
                online ? "connected" : "offline", clientId, queueLimit, policy, sinceLine, sinceLine == 1 ? "" : "s",
                logged ? " in the last " + INTERVAL_SECONDS + " s" : "", topic);
        logged = true;
        sinceLine = 0;
        nextLineAtNanos = now + TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);
    }

    /** The client connected again: say how many messages it missed in all, if the lines so far did not say it all. */
    void clientBack(String clientId) {
        if (sinceBack > 0 && sinceLine > 0) {
            LOG.warn("Client {} is back: {} messages were dropped for it while its queue was full", clientId, sinceBack);
        }
        sinceBack = 0;
        sinceLine = 0;
        logged = false;
    }

    /** At most {@link #LINES_PER_SECOND} drop lines per second over all sessions. */
    private static boolean mayLog(long nowNanos) {
        long second = TimeUnit.NANOSECONDS.toSeconds(nowNanos);
        for (long w = WINDOW.get(); ; w = WINDOW.get()) {
            long lines = (w >>> 48) == (second & 0xFFFF) ? w & 0xFFFF : 0;
            if (lines >= LINES_PER_SECOND) {
                return false;
            }
            if (WINDOW.compareAndSet(w, ((second & 0xFFFF) << 48) | (lines + 1))) {
                return true;
            }
        }
    }
}
