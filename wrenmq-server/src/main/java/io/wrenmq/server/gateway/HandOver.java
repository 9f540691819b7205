package io.wrenmq.server.gateway;

import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayStats.DropReason;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between a gateway's two sides, for one direction: the side that receives offers without ever
 * blocking (it may be a broker event loop), the thread that owns the other side's socket takes. Overflow policy: a
 * full queue drops the ARRIVING message and counts it ({@link DropReason#QUEUE_FULL}); what is queued keeps its
 * order. Messages still queued when the gateway stops are counted as {@link DropReason#STOPPED}. Thread-safe.
 */
public final class HandOver<T> {
    private final BlockingQueue<T> queue;
    private final int capacity;
    private final GatewayStats stats;
    private final Direction direction;

    public HandOver(int capacity, GatewayStats stats, Direction direction) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.stats = stats;
        this.direction = direction;
    }

    /** Queues it, or drops and counts it when the queue is full; whether it was queued. Never blocks. */
    public boolean offer(T item) {
        if (queue.offer(item)) {
            return true;
        }
        stats.countDropped(direction, DropReason.QUEUE_FULL);
        return false;
    }

    /** The next message, waiting at most {@code millis}; null when none came. */
    public T poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Messages waiting now. */
    public int depth() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Empties it at stop, counting what was still waiting as dropped. */
    public void discard() {
        while (queue.poll() != null) {
            stats.countDropped(direction, DropReason.STOPPED);
        }
    }
}
