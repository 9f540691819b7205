package io.wrenmq.tools.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.PublishResult;
import io.wrenmq.codec.Properties;
import java.util.function.BiConsumer;

/**
 * One benchmark publisher, confined to its client's event loop. Closed loop: {@link #run()} sends while the
 * window has room (a {@link DeliveryWindow} in pubsub, or at most {@code ackWindow} publish futures open in
 * bench pub) and parks when it is full; a completion wakes it. Fixed rate: the loop's {@link RateTicker}
 * calls {@link #sendDue}. Per message it allocates nothing of its own: the payload comes from the pooled
 * allocator (the client releases it) and one shared callback object serves every future.
 */
final class Publisher implements Runnable, BiConsumer<PublishResult, Throwable> {
    /** Messages sent per event-loop turn before the publisher yields to I/O and the other clients. */
    private static final int BATCH = 64;

    final int index;
    final MqttClient client;
    private final String topic;
    private final LoopStats stats;
    private final BenchSettings settings;
    private final DeliveryWindow window;
    private final int ackWindow;
    private final int fanout;
    private final boolean trackFutures;
    private long seq;
    private long open;
    private boolean parked;
    private boolean pumping;
    // Fixed rate: the message k is due at start + (k + phase) * period.
    private double periodNanos;
    private double phase;
    private long rateStart;

    /**
     * @param window the pubsub closed loop's window, or null
     * @param ackWindow bench pub's closed loop: how many publish futures may be open; 0 for none
     * @param fanout deliveries each message is expected to make (pubsub; 0 otherwise)
     */
    Publisher(int index, MqttClient client, String topic, LoopStats stats, BenchSettings settings,
            DeliveryWindow window, int ackWindow, int fanout) {
        this.index = index;
        this.client = client;
        this.topic = topic;
        this.stats = stats;
        this.settings = settings;
        this.window = window;
        this.ackWindow = ackWindow;
        this.fanout = fanout;
        this.trackFutures = settings.qos() > 0 || ackWindow > 0;
    }

    /** Fixed rate: this publisher's share of the messages; {@code phase} in [0, 1) staggers the publishers. */
    void rate(double messagesPerSecond, double phase) {
        this.periodNanos = 1e9 / messagesPerSecond;
        this.phase = phase;
    }

    /** Runs on the loop: the start of the measurement. */
    void start(long now) {
        rateStart = now;
        if (periodNanos == 0) {
            run();
        }
    }

    long sent() {
        return seq;
    }

    boolean done() {
        return settings.limit() > 0 && seq >= settings.limit();
    }

    private boolean mayContinue() {
        return !settings.stopping() && !done();
    }

    /** The closed-loop pump; also the wake-up task of the window. */
    @Override
    public void run() {
        parked = false;
        pumping = true;
        try {
            int n = 0;
            while (mayContinue()) {
                if (window != null ? !window.hasRoom(seq) : ackWindow > 0 && open >= ackWindow) {
                    if (window != null ? window.park(seq) : park()) {
                        return;
                    }
                    continue;
                }
                if (n++ == BATCH) {
                    client.eventLoop().execute(this); // let the loop read and write before we go on
                    return;
                }
                send();
            }
        } finally {
            pumping = false;
        }
    }

    private boolean park() {
        parked = true;
        return true;
    }

    /** Fixed rate, on the loop: sends what is due by {@code now} (at most a bounded catch-up per call). */
    void sendDue(long now) {
        if (!mayContinue()) {
            return;
        }
        long due = (long) ((now - rateStart) / periodNanos + phase);
        for (int n = 0; seq < due && n < 10 * BATCH && mayContinue(); n++) {
            send();
        }
    }

    private void send() {
        int size = settings.size();
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[size]);
        payload.writerIndex(0);
        PayloadHeader.write(payload, settings.clock().now(), index, seq);
        payload.writerIndex(size);
        if (window != null) {
            window.onSend(seq);
        }
        seq++;
        stats.sent++;
        stats.expected += fanout;
        if (trackFutures) {
            open++;
            client.publish(topic, payload, settings.qos(), false, Properties.EMPTY).whenComplete(this);
        } else {
            client.publish(topic, payload, settings.qos(), false, Properties.EMPTY);
        }
    }

    /** A publish future completed (on the loop): PUBACK/PUBCOMP, or written for QoS 0. */
    @Override
    public void accept(PublishResult result, Throwable error) {
        open--;
        stats.completed++;
        if (error != null || !result.isSuccess()) {
            stats.errors++;
        }
        if (parked && !pumping && open <= ackWindow / 2) {
            run();
        }
    }

    /** Unblocks a parked publisher (a stall check of the reporter; cheap when not parked). */
    void nudge() {
        if (window != null) {
            window.wakeNow();
        }
    }
}
