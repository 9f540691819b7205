package io.wrenmq.codec;

import java.util.Objects;

/**
 * CONNECT (section 3.1). {@code will}, {@code username} and {@code password} are null when absent;
 * {@code cleanStart} is the v3 Clean Session flag for MQTT 3.x.
 */
public record Connect(MqttVersion version, boolean cleanStart, int keepAlive, String clientId, Will will,
        String username, byte[] password, Properties properties) implements MqttPacket {
    public Connect {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }
}
