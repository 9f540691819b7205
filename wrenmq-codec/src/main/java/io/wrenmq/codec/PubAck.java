package io.wrenmq.codec;

import java.util.Objects;

/**
 * PUBACK (section 3.4): the answer to a QoS 1 PUBLISH. For MQTT 3.x only the packet id is on the wire and the reason code is always SUCCESS.
 */
public record PubAck(int packetId, ReasonCode reasonCode, Properties properties) implements MqttPacket {
    public PubAck {
        Objects.requireNonNull(reasonCode, "reasonCode");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    public PubAck(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
