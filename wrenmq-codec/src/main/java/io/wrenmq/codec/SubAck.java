package io.wrenmq.codec;

import java.util.List;

/** SUBACK (section 3.9): one reason code per topic filter, in order [MQTT-3.9.3-1]. */
public record SubAck(int packetId, List<ReasonCode> reasonCodes, Properties properties) implements MqttPacket {
    public SubAck {
        reasonCodes = List.copyOf(reasonCodes);
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.SUBACK;
    }
}
