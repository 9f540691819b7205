package io.wrenmq.codec;

import java.util.Objects;

/**
 * PUBREL (section 3.6): the release of a QoS 2 PUBLISH; fixed-header flags 0010 [MQTT-3.6.1-1]. For MQTT 3.x only the packet id is on the wire and the reason code is always SUCCESS.
 */
public record PubRel(int packetId, ReasonCode reasonCode, Properties properties) implements MqttPacket {
    public PubRel {
        Objects.requireNonNull(reasonCode, "reasonCode");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    public PubRel(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREL;
    }
}
