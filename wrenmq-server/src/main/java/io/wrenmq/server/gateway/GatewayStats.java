package io.wrenmq.server.gateway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one running gateway, per direction: messages received from the side they come from, forwarded to
 * the other side, dropped (by reason), and the gauge of what waits between the two sides. A gateway started again
 * (switch, reload) starts at zero: Prometheus' rate() takes that as a counter reset. Thread-safe.
 */
public final class GatewayStats {
    /** Where a message goes: into MQTT (from ZeroMQ/NNG) or out of it. */
    public enum Direction {
        TO_MQTT("to_mqtt"), FROM_MQTT("from_mqtt");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        /** The metric label and JSON key. */
        public String label() {
            return label;
        }
    }

    /** Why a message was dropped. */
    public enum DropReason {
        /** The bounded hand-over queue was full (the arriving message is dropped: the overflow policy). */
        QUEUE_FULL("queue_full"),
        /** The MQTT side could not take it (a standalone gateway's link to the broker is down). */
        MQTT_UNAVAILABLE("mqtt_unavailable"),
        /** No peer took it: none connected, or each one's send buffer was full (PUB drops rather than wait). */
        NO_PEER("no_peer"),
        /** The gateway was stopping with the message still waiting. */
        STOPPED("stopped"),
        /** It could not be forwarded: a send that failed, an NNG message that maps to no MQTT topic. */
        REFUSED("refused");

        private final String label;

        DropReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Counters toMqtt = new Counters();
    private final Counters fromMqtt = new Counters();

    private static final class Counters {
        final LongAdder received = new LongAdder();
        final LongAdder forwarded = new LongAdder();
        final Map<DropReason, LongAdder> dropped = new ConcurrentHashMap<>();
    }

    private Counters of(Direction d) {
        return d == Direction.TO_MQTT ? toMqtt : fromMqtt;
    }

    public void countReceived(Direction d) {
        of(d).received.increment();
    }

    public void countForwarded(Direction d) {
        of(d).forwarded.increment();
    }

    public void countDropped(Direction d, DropReason reason) {
        of(d).dropped.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public long received(Direction d) {
        return of(d).received.sum();
    }

    public long forwarded(Direction d) {
        return of(d).forwarded.sum();
    }

    public long dropped(Direction d, DropReason reason) {
        LongAdder a = of(d).dropped.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** Every reason with its count (zeros included, so a dashboard sees the series from the start). */
    public Map<DropReason, Long> dropped(Direction d) {
        Map<DropReason, Long> out = new TreeMap<>();
        for (DropReason r : DropReason.values()) {
            out.put(r, dropped(d, r));
        }
        return out;
    }
}
