package io.wrenmq.server.http;

import io.wrenmq.server.gateway.GatewayOperations;
import io.wrenmq.server.gateway.GatewayStats;
import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayStats.DropReason;
import io.wrenmq.server.gateway.GatewayView;
import java.util.List;

/**
 * The gateways' Prometheus families: per gateway ({@code gateway="<name>"}) whether it runs, and per direction
 * ({@code direction="to_mqtt"|"from_mqtt"}) what it received, forwarded and dropped (by {@code reason}), and what
 * waits. Only when gateways are configured (no families without samples); a stopped gateway has only its state.
 * Counters start at 0 when a gateway is started again (switch, reload): rate() takes that as a reset.
 */
final class GatewayMetricFamilies {
    private GatewayMetricFamilies() {
    }

    static void write(GatewayOperations gateways, PrometheusExporter.Out o) {
        List<GatewayView> views = gateways.list();
        if (views.isEmpty()) {
            return;
        }
        o.header("wrenmq_gateway_state", "gauge", "Gateway: 1 running, 0 stopped");
        views.forEach(v -> o.sample("wrenmq_gateway_state{" + gateway(v) + "}", v.running() ? 1 : 0));
        o.header("wrenmq_gateway_mqtt_up", "gauge", "Whether the gateway's MQTT end takes messages (in-process: always while running)");
        views.forEach(v -> o.sample("wrenmq_gateway_mqtt_up{" + gateway(v) + "}", v.mqttUp() ? 1 : 0));
        List<GatewayView> running = views.stream().filter(v -> v.stats() != null).toList();
        if (running.isEmpty()) {
            return;
        }
        family(o, running, "wrenmq_gateway_messages_received_total", "counter",
                "Messages the gateway received from the side they come from", GatewayStats::received);
        family(o, running, "wrenmq_gateway_messages_forwarded_total", "counter",
                "Messages the gateway handed to the other side", GatewayStats::forwarded);
        o.header("wrenmq_gateway_messages_dropped_total", "counter",
                "Messages dropped: queue_full (the bounded queue was full; the arriving one is dropped), mqtt_unavailable, no_peer, refused, stopped");
        for (GatewayView v : running) {
            for (Direction d : Direction.values()) {
                for (DropReason r : DropReason.values()) {
                    o.sample("wrenmq_gateway_messages_dropped_total{" + labels(v, d) + ",reason=\"" + r.label() + "\"}",
                            v.stats().dropped(d, r));
                }
            }
        }
        o.header("wrenmq_gateway_queue_depth", "gauge",
                "Messages waiting between the two sides (from_mqtt: in the bounded queue; to_mqtt: publishes in flight)");
        for (GatewayView v : running) {
            for (Direction d : Direction.values()) {
                o.sample("wrenmq_gateway_queue_depth{" + labels(v, d) + "}", v.queueDepth().getOrDefault(d, 0));
            }
        }
    }

    private interface Count {
        long of(GatewayStats stats, Direction d);
    }

    private static void family(PrometheusExporter.Out o, List<GatewayView> views, String name, String type, String help,
            Count count) {
        o.header(name, type, help);
        for (GatewayView v : views) {
            for (Direction d : Direction.values()) {
                o.sample(name + "{" + labels(v, d) + "}", count.of(v.stats(), d));
            }
        }
    }

    private static String gateway(GatewayView v) {
        return "gateway=\"" + PrometheusExporter.Out.label(v.name()) + "\"";
    }

    private static String labels(GatewayView v, Direction d) {
        return gateway(v) + ",direction=\"" + d.label() + "\"";
    }
}
