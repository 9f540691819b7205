package io.wrenmq.codec;

import java.util.Objects;

/**
 * PUBREC (section 3.5): the first answer to a QoS 2 PUBLISH. For MQTT 3.x only the packet id is on the wire and the reason code is always SUCCESS.
 */
public record PubRec(int packetId, ReasonCode reasonCode, Properties properties) implements MqttPacket {
    public PubRec {
        Objects.requireNonNull(reasonCode, "reasonCode");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    public PubRec(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREC;
    }
}
