package io.wrenmq.server.gateway;

import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayStats.DropReason;
import io.wrenmq.server.outbound.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's publishes into MQTT with their outcome counted: forwarded once the MQTT side has taken it, dropped as
 * {@link DropReason#MQTT_UNAVAILABLE} when it could not (logged at most once per 10 s). Thread-safe.
 */
public final class ToMqtt {
    private static final Logger LOG = LoggerFactory.getLogger(ToMqtt.class);

    private final String gateway;
    private final MqttSide mqtt;
    private final GatewayStats stats;
    private final LogThrottle failures = new LogThrottle(10_000);

    public ToMqtt(String gateway, MqttSide mqtt, GatewayStats stats) {
        this.gateway = gateway;
        this.mqtt = mqtt;
        this.stats = stats;
    }

    /** Publishes, counts the outcome, then runs {@code done} (on whichever thread completed the publish). */
    public void publish(String topic, byte[] payload, int qos, Runnable done) {
        mqtt.publish(topic, payload, qos).whenComplete((ok, e) -> {
            done.run();
            if (e == null) {
                stats.countForwarded(Direction.TO_MQTT);
                return;
            }
            stats.countDropped(Direction.TO_MQTT, DropReason.MQTT_UNAVAILABLE);
            if (failures.due()) {
                LOG.warn("Gateway {}: a publish to MQTT {} failed: {}", gateway, topic, e.getMessage());
            }
        });
    }
}
