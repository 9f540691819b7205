package io.wrenmq.codec;

import java.util.List;

/** UNSUBACK (section 3.11). MQTT 3.x has no reason codes: the list is empty there. */
public record UnsubAck(int packetId, List<ReasonCode> reasonCodes, Properties properties) implements MqttPacket {
    public UnsubAck {
        reasonCodes = List.copyOf(reasonCodes);
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBACK;
    }
}
