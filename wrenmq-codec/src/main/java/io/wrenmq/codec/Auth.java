package io.wrenmq.codec;

import java.util.Objects;

/** AUTH (section 3.15), MQTT 5 only. */
public record Auth(ReasonCode reasonCode, Properties properties) implements MqttPacket {
    public Auth {
        Objects.requireNonNull(reasonCode, "reasonCode");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.AUTH;
    }
}
