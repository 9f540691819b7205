package io.wrenmq.server.gateway;

import io.wrenmq.server.gateway.GatewayStats.Direction;
import java.util.Map;

/**
 * A gateway as the REST API, Prometheus and the CLI see it: its configuration, whether it runs, its MQTT end, and
 * (while it runs) its counters and queue depths.
 *
 * @param running    started and not switched off
 * @param mqtt       "in-process" or the remote broker's address
 * @param mqttUp     whether the MQTT end takes publishes now
 * @param stats      the running gateway's counters; null when it is stopped
 * @param queueDepth messages waiting per direction; empty when it is stopped
 */
public record GatewayView(GatewayConfig config, boolean running, String mqtt, boolean mqttUp, GatewayStats stats,
        Map<Direction, Integer> queueDepth) {

    public static GatewayView stopped(GatewayConfig config) {
        return new GatewayView(config, false, "", false, null, Map.of());
    }

    public String name() {
        return config.name();
    }
}
