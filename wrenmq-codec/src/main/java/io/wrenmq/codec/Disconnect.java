package io.wrenmq.codec;

import java.util.Objects;

/** DISCONNECT (section 3.14). MQTT 3.x has neither reason code nor properties (SUCCESS, EMPTY). */
public record Disconnect(ReasonCode reasonCode, Properties properties) implements MqttPacket {
    public static final Disconnect NORMAL = new Disconnect(ReasonCode.SUCCESS, Properties.EMPTY);

    public Disconnect {
        Objects.requireNonNull(reasonCode, "reasonCode");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.DISCONNECT;
    }
}
