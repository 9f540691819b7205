package io.wrenmq.codec;

import java.util.Objects;

/**
 * CONNACK (section 3.2). For MQTT 3.x the reason code is mapped to the v3 return code by the encoder
 * (see {@link V3ReturnCodes}).
 */
public record Connack(boolean sessionPresent, ReasonCode reasonCode, Properties properties) implements MqttPacket {
    public Connack {
        Objects.requireNonNull(reasonCode, "reasonCode");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.CONNACK;
    }
}
