package io.wrenmq.tools.bench;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The closed loop of {@code bench pubsub}: one publisher may have at most {@code size} messages that have
 * not yet reached every subscriber they are for - a sliding window over its sequence numbers, like TCP's.
 * Slot {@code seq % size} holds {@code seq << 16 | deliveries still due}; subscribers (on any event loop)
 * count it down with a CAS, and a slot whose tag is another sequence number (a late or foreign ack) is left
 * alone. The publisher (on its own loop) advances the window's base over finished slots.
 *
 * <p>Waking a parked publisher is one task on its loop per {@code size / 4} completions, not one per message.
 */
final class DeliveryWindow {
    static final int MAX_FANOUT = 0xFFFF;

    private final int size;
    private final int fanout;
    private final int wakeBatch;
    private final AtomicLongArray slots;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final Executor loop;
    private Runnable wake;
    private volatile long parkMark;
    /** Publisher-confined: the oldest sequence number not yet delivered everywhere. */
    private long base;

    DeliveryWindow(int size, int fanout, Executor loop) {
        if (fanout < 1 || fanout > MAX_FANOUT) {
            throw new IllegalArgumentException("fanout must be 1.." + MAX_FANOUT + ": " + fanout);
        }
        this.size = size;
        this.fanout = fanout;
        this.wakeBatch = Math.max(1, size / 4);
        this.slots = new AtomicLongArray(size);
        this.loop = loop;
    }

    /** The publisher's pump, run on its loop when the window opens; set before the run starts. */
    void wakeWith(Runnable task) {
        this.wake = task;
    }

    /** Publisher side: whether message {@code seq} (the next to send) fits into the window. */
    boolean hasRoom(long seq) {
        while (base < seq && (slots.get((int) (base % size)) & 0xFFFF) == 0) {
            base++;
        }
        return seq < base + size;
    }

    /** Publisher side, before the PUBLISH goes out (so that no delivery can overtake it). */
    void onSend(long seq) {
        slots.set((int) (seq % size), seq << 16 | fanout);
    }

    /**
     * Publisher side, when the window is full: parks the publisher until enough deliveries come; false when
     * the window opened meanwhile (the caller goes on sending).
     */
    boolean park(long seq) {
        parkMark = completed.get();
        parked.set(true);
        if (hasRoom(seq) && parked.compareAndSet(true, false)) {
            return false;
        }
        return true;
    }

    /** Subscriber side: one delivery of {@code seq} happened (or it was skipped over, i.e. lost). */
    void ack(long seq) {
        int i = (int) (seq % size);
        long v = slots.get(i);
        while ((v >>> 16) == seq && (v & 0xFFFF) > 0) {
            if (slots.compareAndSet(i, v, v - 1)) {
                if ((v & 0xFFFF) == 1) {
                    long c = completed.incrementAndGet();
                    if (parked.get() && c - parkMark >= wakeBatch && parked.compareAndSet(true, false)) {
                        loop.execute(wake);
                    }
                }
                return;
            }
            v = slots.get(i);
        }
    }

    /** Subscriber side: {@code from} (inclusive) to {@code to} (exclusive) were skipped over: lost here. */
    void ackRange(long from, long to) {
        for (long s = Math.max(from, to - size); s < to; s++) {
            ack(s);
        }
    }

    /** Wakes a parked publisher whatever the count (the end of the run, or a stall). */
    void wakeNow() {
        if (parked.compareAndSet(true, false)) {
            loop.execute(wake);
        }
    }
}
