package io.wrenmq.broker.delivery;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.session.Session;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands deliveries to the event loops that own the target sessions. A delivery to a session on the
 * current loop runs inline; deliveries to other loops are collected per target loop and sent as ONE task
 * per loop when the caller flushes (at the end of a read batch), not one task per message (DESIGN.md,
 * hot path principles). State is per thread, so no locks.
 */
final class LoopDispatcher {
    private static final FastThreadLocal<Pending> PENDING = new FastThreadLocal<>() {
        @Override
        protected Pending initialValue() {
            return new Pending();
        }
    };

    private static final class Pending {
        final Map<EventLoop, List<Delivery>> byLoop = new IdentityHashMap<>();
        boolean any;
    }

    /** Delivers now when the session lives on this thread's loop, else queues for {@link #flush()}. */
    void dispatch(Session session, Message message, int qos, boolean retain, int[] subscriptionIds, long storeId) {
        EventLoop target = session.loop();
        if (target.inEventLoop()) {
            session.deliver(message, qos, retain, subscriptionIds, storeId);
            return;
        }
        Pending p = PENDING.get();
        p.byLoop.computeIfAbsent(target, l -> new ArrayList<>()).add(
                new Delivery(session, message, qos, retain, subscriptionIds, storeId));
        p.any = true;
    }

    /** Sends what this thread collected: one task per target loop. */
    void flush() {
        Pending p = PENDING.get();
        if (!p.any) {
            return;
        }
        p.any = false;
        for (Map.Entry<EventLoop, List<Delivery>> e : p.byLoop.entrySet()) {
            List<Delivery> batch = e.getValue();
            if (batch.isEmpty()) {
                continue;
            }
            List<Delivery> handOver = new ArrayList<>(batch);
            batch.clear();
            e.getKey().execute(() -> {
                for (Delivery d : handOver) {
                    d.run();
                }
            });
        }
    }
}
