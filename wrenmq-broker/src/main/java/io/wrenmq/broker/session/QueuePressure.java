package io.wrenmq.broker.session;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-pressure from a connected subscriber's full queue to the publishers that feed it
 * ({@code mqtt.online_queue_full = backpressure}). Without it, publishers whose messages are acknowledged at once
 * outrun a slower QoS 1/2 subscriber and its queue drops acknowledged messages; with it, they slow down to the
 * subscriber's pace, as TCP would between two peers.
 *
 * <p>When the queue reaches {@code mqtt.max_mqueue_len} the session turns congested ({@link Session#isCongested()},
 * read by the routers on every loop); a connection that routes a QoS 1/2 message to it pauses its reads and asks
 * {@link #whenDrained} to be called back once the queue is down to half. Messages already on their way when that
 * happens (the rest of a read batch, hand-overs between loops) are kept above the limit and charged to one
 * broker-wide byte budget ({@code mqtt.backpressure_max_memory}). A subscriber that takes no message for
 * {@code mqtt.backpressure_timeout} is given up on: its publishers go on and its queue drops as with {@code drop}
 * until it has caught up to half its queue. Offline sessions never hold anyone up (their queue drops).
 *
 * <p>Created by its session at the first full queue (an idle connection pays one field). Used on the session's loop.
 */
final class QueuePressure {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePressure.class);
    /** Counted per queued message above the limit besides its payload: the queue entry and message object. */
    private static final int ENTRY_OVERHEAD = 96;

    private final Session session;
    private final SessionRegistry registry;
    private final AtomicLong budgetUsed;
    private boolean givenUp;
    private long lastProgressNanos;
    private long bytesAboveLimit;
    private List<Runnable> waiters;
    private ScheduledFuture<?> progressCheck;

    QueuePressure(Session session, SessionRegistry registry) {
        this.session = session;
        this.registry = registry;
        this.budgetUsed = registry.metrics().limits.queuedAboveLimitBytes;
    }

    static boolean enabled(SessionRegistry registry) {
        return registry.config().onlineQueueFull() == OnlineQueueFull.BACKPRESSURE;
    }

    /**
     * The queue of the connected client is full and a QoS 1/2 message arrives: keep it above the limit (true) while
     * the publishers slow down, or let the drop policy decide (false: given up, or the broker-wide budget is spent).
     */
    boolean keepAboveLimit(Message message) {
        if (givenUp || !enabled(registry)) {
            return false;
        }
        long bytes = message.payload().readableBytes() + ENTRY_OVERHEAD;
        long max = registry.config().backpressureMaxMemory();
        for (long used = budgetUsed.get(); ; used = budgetUsed.get()) {
            if (used + bytes > max) {
                return false;
            }
            if (budgetUsed.compareAndSet(used, used + bytes)) {
                break;
            }
        }
        bytesAboveLimit += bytes;
        congest();
        return true;
    }

    /** A QoS 1/2 message joined the connected client's queue, now {@code size} long: at the limit, publishers wait. */
    void queued(int size, int max) {
        if (size >= max && !session.isCongested() && !givenUp && enabled(registry)) {
            congest();
        }
    }

    /** A message left the queue, now {@code size} long: the subscriber is making progress. */
    void dequeued(int size, int max) {
        if (session.isCongested()) {
            lastProgressNanos = System.nanoTime();
        }
        if (bytesAboveLimit > 0 && size <= max) {
            budgetUsed.addAndGet(-bytesAboveLimit);
            bytesAboveLimit = 0;
        }
        if (size <= max / 2) {
            if (givenUp) {
                givenUp = false;
                LOG.info("Client {} has caught up with its queue: its publishers are slowed down for it again", session.clientId());
            }
            if (session.isCongested()) {
                relieve();
            }
        }
    }

    /** Runs {@code task} on {@code loop} once this queue no longer holds publishers back (at once when it does not). */
    void whenDrained(EventLoop loop, Runnable task) {
        if (!session.isCongested()) {
            loop.execute(task);
            return;
        }
        if (waiters == null) {
            waiters = new ArrayList<>(4);
        }
        waiters.add(() -> loop.execute(task));
    }

    /**
     * The client went away or the session ends: an offline queue drops instead of holding anyone, and what it keeps
     * above its limit no longer counts against the budget of connected subscribers.
     */
    void detached() {
        givenUp = false;
        if (session.isCongested()) {
            relieve();
        }
        if (bytesAboveLimit > 0) {
            budgetUsed.addAndGet(-bytesAboveLimit);
            bytesAboveLimit = 0;
        }
    }

    private void congest() {
        if (session.isCongested()) {
            return;
        }
        session.congested(true);
        lastProgressNanos = System.nanoTime();
        SessionConnection c = session.connection();
        if (c != null) {
            c.queueCongested(); // a connection whose own queue is full must keep reading its acknowledgements
        }
        scheduleProgressCheck(registry.config().backpressureTimeout().toNanos());
    }

    private void scheduleProgressCheck(long delayNanos) {
        progressCheck = session.loop().schedule(() -> session.execute(this::checkProgress), delayNanos,
                TimeUnit.NANOSECONDS);
    }

    private void checkProgress() {
        progressCheck = null;
        if (!session.isCongested()) {
            return;
        }
        long timeout = registry.config().backpressureTimeout().toNanos();
        long idle = System.nanoTime() - lastProgressNanos;
        if (idle < timeout) {
            scheduleProgressCheck(timeout - idle);
            return;
        }
        givenUp = true;
        registry.metrics().limits.slowSubscribersGivenUp.increment();
        LOG.warn("Client {} took no message for {} ms while its queue was full ({} messages): its publishers are no"
                + " longer slowed down for it, and messages beyond its queue are dropped until it catches up"
                + " (mqtt.backpressure_timeout)", session.clientId(), TimeUnit.NANOSECONDS.toMillis(idle),
                session.queuedCount());
        relieve();
    }

    /** Stops holding publishers: each waiting one is called back on its own loop. */
    private void relieve() {
        session.congested(false);
        if (progressCheck != null) {
            progressCheck.cancel(false);
            progressCheck = null;
        }
        List<Runnable> w = waiters;
        waiters = null;
        if (w != null) {
            w.forEach(Runnable::run);
        }
    }
}
