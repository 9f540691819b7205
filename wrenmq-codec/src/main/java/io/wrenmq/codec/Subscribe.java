package io.wrenmq.codec;

import java.util.List;

/** SUBSCRIBE (section 3.8); fixed-header flags 0010 [MQTT-3.8.1-1]. */
public record Subscribe(int packetId, List<Subscription> subscriptions, Properties properties) implements MqttPacket {
    public Subscribe {
        subscriptions = List.copyOf(subscriptions);
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.SUBSCRIBE;
    }
}
