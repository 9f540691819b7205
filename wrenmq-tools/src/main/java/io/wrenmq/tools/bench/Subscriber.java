package io.wrenmq.tools.bench;

import io.netty.buffer.ByteBuf;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.PayloadListener;

/**
 * One benchmark subscriber, confined to its client's event loop. Reads the payload header in place (the
 * client's zero-copy {@link PayloadListener}), records the latency, tracks sequence numbers and, in pubsub's
 * closed loop, counts the delivery down in the publisher's {@link DeliveryWindow}.
 */
final class Subscriber implements PayloadListener {
    final int index;
    final MqttClient client;
    final String filter;
    private final LoopStats stats;
    private final BenchSettings settings;
    private final SequenceTracker tracker;
    private final DeliveryWindow[] windows;

    /** @param windows the publishers' windows by index (pubsub closed loop), or null */
    Subscriber(int index, MqttClient client, String filter, LoopStats stats, BenchSettings settings,
            SequenceTracker tracker, DeliveryWindow[] windows) {
        this.index = index;
        this.client = client;
        this.filter = filter;
        this.stats = stats;
        this.settings = settings;
        this.tracker = tracker;
        this.windows = windows;
    }

    @Override
    public void onPayload(String topic, ByteBuf payload, int qos, boolean retain, boolean dup) {
        LoopStats s = stats;
        s.received++;
        if (!PayloadHeader.fits(payload) || PayloadHeader.reserved(payload) != 0) {
            s.errors++; // not a benchmark message, or a corrupted one
            return;
        }
        s.histogram.record(settings.clock().now() - PayloadHeader.sendTime(payload));
        int publisher = PayloadHeader.publisher(payload);
        long seq = PayloadHeader.sequence(payload);
        long skipped = tracker.record(publisher, seq);
        if (skipped < 0) {
            if (skipped == SequenceTracker.INVALID) {
                s.errors++;
            } else {
                s.duplicates++;
            }
            return;
        }
        s.settled += 1 + skipped;
        if (windows != null && publisher < windows.length && windows[publisher] != null) {
            DeliveryWindow w = windows[publisher];
            if (skipped > 0) {
                w.ackRange(seq - skipped, seq);
            }
            w.ack(seq);
        }
    }

    SequenceTracker tracker() {
        return tracker;
    }

    boolean done() {
        return settings.limit() > 0 && tracker.totalUnique() >= settings.limit();
    }
}
