package io.wrenmq.codec;

import java.util.Objects;

/**
 * PUBCOMP (section 3.7): the last packet of the QoS 2 flow. For MQTT 3.x only the packet id is on the wire and the reason code is always SUCCESS.
 */
public record PubComp(int packetId, ReasonCode reasonCode, Properties properties) implements MqttPacket {
    public PubComp {
        Objects.requireNonNull(reasonCode, "reasonCode");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    public PubComp(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBCOMP;
    }
}
