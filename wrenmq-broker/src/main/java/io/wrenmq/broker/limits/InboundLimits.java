package io.wrenmq.broker.limits;

import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.wrenmq.broker.metrics.LimitsMetrics;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The limits on what one client publishes: {@code mqtt.max_topic_levels} and the publish rate
 * ({@code messages_rate}, {@code bytes_rate}, token buckets with burst). Exceeding a rate never disconnects and
 * never drops: the message that went over is handled, then the connection stops reading its socket (autoRead
 * off, so TCP flow control slows the client down) and holds the packets already decoded from the last read (at
 * most one read buffer) until the buckets are out of debt, when a task on the connection's event loop handles the
 * held packets in order and resumes reading. Used on the connection's event loop only; a connection without any
 * of these limits has no instance (one null check on the publish path).
 */
public final class InboundLimits {
    private final Channel channel;
    private final LimitsMetrics metrics;
    private final int maxTopicLevels;
    private final TokenBucket messages;
    private final TokenBucket bytes;
    private final Consumer<Object> dispatcher;
    private final Runnable batchDone;
    private final Runnable resumeReading;
    // per connection/session and usually empty: start at 2 slots, not 17 (grows as needed)
    private final ArrayDeque<Object> held = new ArrayDeque<>(1);
    private boolean paused;
    private long pausedAtNanos;

    /**
     * @param dispatcher handles a held packet when reading resumes (the connection's packet handler)
     * @param batchDone  runs after a batch of held packets (the router's flush, as at the end of a socket read)
     * @param resumeReading turns reading back on when the pause ends; the connection owns autoRead, since another
     *                      gate (a pending authorization decision) may hold the input too
     */
    InboundLimits(Channel channel, LimitsMetrics metrics, int maxTopicLevels, Rate messagesRate, Rate bytesRate,
            Consumer<Object> dispatcher, Runnable batchDone, Runnable resumeReading) {
        this.dispatcher = dispatcher;
        this.batchDone = batchDone;
        this.resumeReading = resumeReading;
        long now = System.nanoTime();
        this.channel = channel;
        this.metrics = metrics;
        this.maxTopicLevels = maxTopicLevels;
        this.messages = messagesRate.isLimited() ? new TokenBucket(messagesRate, now) : null;
        this.bytes = bytesRate.isLimited() ? new TokenBucket(bytesRate, now) : null;
        channel.closeFuture().addListener(f -> closed()); // notified on the channel's event loop
    }

    /** While paused, keeps {@code packet} (any type: order matters) to handle later, and returns true. */
    public boolean hold(Object packet) {
        if (!paused) {
            return false;
        }
        held.addLast(packet);
        return true;
    }

    private void closed() {
        endPause();
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.pollFirst());
        }
    }

    /** False when {@code topic} has more levels than {@code mqtt.max_topic_levels} (the caller refuses it). */
    public boolean topicAllowed(String topic) {
        if (maxTopicLevels > 0 && TopicLevels.count(topic) > maxTopicLevels) {
            metrics.publishesRefusedTopicLevels.increment();
            return false;
        }
        return true;
    }

    /** Charges one PUBLISH of {@code payloadBytes} to the buckets and pauses reading when one is in debt. */
    public void charged(int payloadBytes) {
        if (messages == null && bytes == null) {
            return;
        }
        long now = System.nanoTime();
        boolean debt = messages != null && messages.take(1, now);
        debt |= bytes != null && bytes.take(payloadBytes, now);
        if (debt && !paused) {
            paused = true;
            pausedAtNanos = now;
            metrics.publishThrottled.increment();
            metrics.clientsThrottled.incrementAndGet();
            channel.config().setAutoRead(false);
            scheduleResume(now);
        }
    }

    private void scheduleResume(long now) {
        long wait = Math.max(messages != null ? messages.nanosUntilCredit(now) : 0,
                bytes != null ? bytes.nanosUntilCredit(now) : 0);
        channel.eventLoop().schedule(this::resumeIfCredited, Math.max(wait, 1), TimeUnit.NANOSECONDS);
    }

    private void resumeIfCredited() {
        if (!paused) {
            return;
        }
        long now = System.nanoTime();
        if ((messages != null && messages.nanosUntilCredit(now) > 0) || (bytes != null && bytes.nanosUntilCredit(now) > 0)) {
            scheduleResume(now); // messages already in the read buffer went on charging while paused
            return;
        }
        endPause();
        if (!channel.isActive()) {
            return;
        }
        boolean handled = !held.isEmpty();
        while (!held.isEmpty() && !paused) {
            dispatcher.accept(held.pollFirst()); // may charge and pause again: the rest stays held
        }
        if (handled) {
            batchDone.run();
        }
        if (!paused && channel.isActive()) {
            resumeReading.run();
        }
    }

    private void endPause() {
        if (paused) {
            paused = false;
            metrics.clientsThrottled.decrementAndGet();
            metrics.publishThrottledNanos.add(System.nanoTime() - pausedAtNanos);
        }
    }

    /** Whether reading is paused now (for tests and diagnostics). */
    public boolean isPaused() {
        return paused;
    }
}
