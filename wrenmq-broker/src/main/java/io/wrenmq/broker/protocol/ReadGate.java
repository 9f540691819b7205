package io.wrenmq.broker.protocol;

import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.limits.InboundLimits;
import io.wrenmq.broker.session.Session;
import java.util.concurrent.TimeUnit;

/**
 * Whether a connected client's input is read. Three things may hold it: a pending authorization decision
 * ({@link AclGate}), a publish rate pause ({@link InboundLimits}), and a slow subscriber, whose pause this class keeps
 * itself; {@link #resumeIfFree()} is the one place that turns reading back on after CONNECT, so one hold ending
 * cannot undo another.
 *
 * <p>The slow-subscriber pause ({@code mqtt.online_queue_full = backpressure}): routing found that a QoS 1/2
 * subscriber of this client's message has a full queue, so this publisher is not read until that queue has drained,
 * and acknowledged messages are not dropped for a subscriber that is merely slower. What is already read is still
 * routed (the queue keeps it above its limit). Never when this client's own queue is full: it must go on reading the
 * acknowledgements that drain it, or two clients publishing to each other could hold each other forever. A pause
 * lasts at most half the client's keep alive: not read, its PINGREQ would wait too, and its own library would take
 * the broker for dead; after that one read batch goes through (with the PINGREQ), and the next message for a full
 * queue pauses it again. Used on the connection's event loop.
 */
final class ReadGate {
    private final MqttConnection c;
    private Runnable drained; // created at the first pause
    private boolean paused;
    private ScheduledFuture<?> limit;

    ReadGate(MqttConnection c) {
        this.c = c;
    }

    /** Turns reading back on unless the connection is closing or something still holds the input. */
    void resumeIfFree() {
        InboundLimits limits = c.inboundLimits();
        if (c.isClosed() || c.aclGate().holding() || (limits != null && limits.isPaused()) || paused) {
            return;
        }
        c.channel().config().setAutoRead(true);
    }

    /** Routing found {@code target}'s queue full for a QoS 1/2 message of this client. */
    void congested(Session target) {
        Session own = c.session();
        if (paused || target == own || own == null || own.isCongested() || c.isClosed()) {
            return;
        }
        paused = true;
        c.broker().metrics().limits.publishersSlowedDown.increment();
        c.channel().config().setAutoRead(false);
        target.whenDrained(c.channel().eventLoop(), resumeTask());
        int keepAlive = c.negotiated().keepAliveSeconds();
        if (keepAlive > 0) {
            limit = c.channel().eventLoop().schedule(resumeTask(), keepAlive * 500L, TimeUnit.MILLISECONDS);
        }
    }

    /** Ends a slow-subscriber pause: the subscriber drained, half the keep alive passed, or this client's queue filled. */
    Runnable resumeTask() {
        if (drained == null) {
            drained = this::subscriberDrained;
        }
        return drained;
    }

    /** Whether reading is paused for a slow subscriber (the client may well be sending meanwhile). */
    boolean isPausedForSubscriber() {
        return paused;
    }

    void stop() {
        MqttConnection.cancel(limit);
    }

    private void subscriberDrained() {
        if (paused) {
            paused = false;
            MqttConnection.cancel(limit);
            limit = null;
            c.notIdle(); // the client was not idle: the broker did not read
            resumeIfFree();
        }
    }
}
