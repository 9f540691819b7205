package io.wrenmq.broker.protocol;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a connection's acknowledgements in the order their requests arrived, while some of them wait for the
 * store: a PUBACK that promises durability leaves only after the write holding the message is committed, and
 * a PUBACK for a later message that needed no write must not overtake it (MQTT section 4.6: acknowledgements
 * in the order the PUBLISH packets were received [MQTT-4.6.0-2, MQTT-4.6.0-3]). Without pending writes an
 * acknowledgement is sent at once, with no allocation. Confined to the connection's event loop.
 */
final class AckSequencer {
    private record Pending(CompletableFuture<?> gate, Runnable onCommitted, Runnable onFailed) {
    }

    private final EventLoop loop;
    // per connection/session and usually empty: start at 2 slots, not 17 (grows as needed)
    private final ArrayDeque<Pending> pending = new ArrayDeque<>(1);

    AckSequencer(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Runs {@code onCommitted} once {@code gate} is complete (at once when it is null or done) and every earlier
     * entry has run; runs {@code onFailed} instead when the gate failed.
     */
    void send(CompletableFuture<?> gate, Runnable onCommitted, Runnable onFailed) {
        if (pending.isEmpty() && (gate == null || gate.isDone())) {
            run(gate, onCommitted, onFailed);
            return;
        }
        pending.addLast(new Pending(gate, onCommitted, onFailed));
        if (gate != null && !gate.isDone()) {
            gate.whenComplete((v, e) -> loop.execute(this::drain));
        } else if (pending.size() == 1) {
            drain();
        }
    }

    private void drain() {
        while (!pending.isEmpty()) {
            Pending p = pending.peekFirst();
            if (p.gate != null && !p.gate.isDone()) {
                return;
            }
            pending.pollFirst();
            run(p.gate, p.onCommitted, p.onFailed);
        }
    }

    private static void run(CompletableFuture<?> gate, Runnable onCommitted, Runnable onFailed) {
        if (gate != null && gate.isCompletedExceptionally()) {
            onFailed.run();
        } else {
            onCommitted.run();
        }
    }

    /** Acknowledgements still waiting for the store (for tests and metrics). */
    int waiting() {
        return pending.size();
    }
}
