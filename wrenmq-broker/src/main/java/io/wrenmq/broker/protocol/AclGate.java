package io.wrenmq.broker.protocol;

import io.netty.util.ReferenceCountUtil;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.codec.MqttPacket;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Holds a connection's input while an asynchronous authorizer (HTTP) decides about one of its packets: reading
 * stops (autoRead off), packets already decoded wait here, and once the decision arrives the packet's handling
 * continues on the connection's loop, then the waiting packets are handled in their order. The loop is never
 * blocked and packet order is kept (the client's QoS flows and topic aliases depend on it).
 */
final class AclGate {
    private final MqttConnection c;
    // per connection/session and usually empty: start at 2 slots, not 17 (grows as needed)
    private final ArrayDeque<MqttPacket> waiting = new ArrayDeque<>(1);
    private boolean holding;

    AclGate(MqttConnection c) {
        this.c = c;
    }

    /** True when the packet was queued behind a pending decision (the caller must not handle it). */
    boolean offer(MqttPacket packet) {
        if (!holding) {
            return false;
        }
        waiting.add(packet);
        return true;
    }

    /**
     * Runs {@code then} with the decision: at once when it is already known, else later on the loop, with the
     * input held meanwhile. A failed decision counts as DENY. {@code abandoned} (may be null) runs instead of
     * {@code then} when the connection closed while waiting, to release what {@code then} would have used.
     */
    void whenDecided(CompletableFuture<AclDecision> decision, Consumer<AclDecision> then, Runnable abandoned) {
        if (decision.isDone()) {
            then.accept(decision.isCompletedExceptionally() ? AclDecision.DENY : decision.join());
            return;
        }
        holding = true;
        c.channel().config().setAutoRead(false);
        decision.whenComplete((d, error) -> c.channel().eventLoop().execute(() -> {
            holding = false;
            if (c.isClosed()) {
                releaseWaiting();
                if (abandoned != null) {
                    abandoned.run();
                }
                return;
            }
            then.accept(error != null || d == null ? AclDecision.DENY : d);
            while (!holding && !waiting.isEmpty() && !c.isClosed()) {
                c.handleHeld(waiting.poll());
            }
            c.broker().router().flush();
            if (!holding) {
                c.readGate().resumeIfFree();
            }
        }));
    }

    /** Whether input is held for a pending decision (reading must stay off until it arrives). */
    boolean holding() {
        return holding;
    }

    void releaseWaiting() {
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
    }
}
