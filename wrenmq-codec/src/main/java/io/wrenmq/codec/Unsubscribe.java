package io.wrenmq.codec;

import java.util.List;

/** UNSUBSCRIBE (section 3.10); fixed-header flags 0010 [MQTT-3.10.1-1]. */
public record Unsubscribe(int packetId, List<String> topicFilters, Properties properties) implements MqttPacket {
    public Unsubscribe {
        topicFilters = List.copyOf(topicFilters);
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBSCRIBE;
    }
}
