package io.wrenmq.broker.transport;

import java.time.Duration;

/**
 * The engine settings a listener's pipeline reads when a connection is accepted, implemented by the composition
 * root's {@code BrokerConfig} (read per connection, so a reload applies to new connections).
 */
public interface TransportSettings {
    /** The largest MQTT packet accepted, in bytes (mqtt.max_packet_size). */
    int maxPacketSize();

    /** How long a WebSocket upgrade (like CONNECT) may take (mqtt.connect_timeout). */
    Duration connectTimeout();
}
