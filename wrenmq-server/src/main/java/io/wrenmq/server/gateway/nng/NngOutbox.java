package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pipe's outgoing queue. Senders on any thread enqueue; one task on the pipe's event loop writes everything
 * queued and flushes once, so a burst costs one task and one write system call per pipe instead of one per message
 * (DESIGN.md, hot path). Bounded: a message is refused when the queue already holds {@code limit} bytes or Netty's
 * own outbound buffer is over its high-water mark (the same {@code limit}); the caller counts it as dropped.
 *
 * <p>ByteBuf ownership: {@link #offer} takes the message in every case; queued messages go to Netty on the loop
 * (released once written, or on a closed channel) or are released by {@link #discard} when the pipe goes down.
 */
final class NngOutbox implements Runnable {
    /** Counted per queued message on top of its bytes, as Netty's ChannelOutboundBuffer does (its entry overhead). */
    static final int ENTRY_OVERHEAD = 96;

    private final Channel channel;
    private final long limit;
    private final Queue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;

    NngOutbox(Channel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** Queues {@code message} for the pipe; false (and released) when the pipe is full or gone. */
    boolean offer(ByteBuf message) {
        if (closed || !channel.isWritable() || queuedBytes.get() >= limit) {
            message.release();
            return false;
        }
        queuedBytes.addAndGet(message.readableBytes() + ENTRY_OVERHEAD);
        queue.offer(message);
        if (closed) {
            discard(); // the pipe went down while we queued: nobody else would release it
            return false;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this);
            } catch (RejectedExecutionException e) {
                discard(); // the loop is shutting down with the socket
                return false;
            }
        }
        return true;
    }

    /** Drains on the event loop: writes every queued message, then one flush. */
    @Override
    public void run() {
        scheduled.set(false);
        boolean wrote = false;
        for (ByteBuf message; (message = queue.poll()) != null; ) {
            queuedBytes.addAndGet(-message.readableBytes() - ENTRY_OVERHEAD);
            channel.write(message, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** The pipe is down: releases what is still queued; later offers are refused. */
    void discard() {
        closed = true;
        for (ByteBuf message; (message = queue.poll()) != null; ) {
            queuedBytes.addAndGet(-message.readableBytes() - ENTRY_OVERHEAD);
            message.release();
        }
    }
}
