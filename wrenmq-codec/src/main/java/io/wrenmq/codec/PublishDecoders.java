package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;

/** PUBLISH and its four acknowledgements (sections 3.3 to 3.7), one method per protocol family. */
final class PublishDecoders {
    private PublishDecoders() {
    }

    /** The constructor shared by PUBACK, PUBREC, PUBREL and PUBCOMP. */
    @FunctionalInterface
    interface AckFactory {
        MqttPacket create(int packetId, ReasonCode reasonCode, Properties properties);
    }

    static MqttPacket publishV3(FrameReader r, int flags, MqttDecoder d) {
        int qos = qos(flags);
        String topic = r.readTopicName("topic name");
        if (topic.isEmpty()) {
            throw new DecodeException(ReasonCode.TOPIC_NAME_INVALID, "empty topic name [MQTT-4.7.3-1]");
        }
        int packetId = qos > 0 ? r.readPacketId() : 0;
        // The payload is taken last, after every check, so a failure can never leak the slice.
        ByteBuf payload = r.retainedSliceOfRest();
        return new Publish((flags & 0x08) != 0, qos, (flags & 0x01) != 0, topic, packetId, Properties.EMPTY, payload);
    }

    static MqttPacket publishV5(FrameReader r, int flags, MqttDecoder d) {
        int qos = qos(flags);
        // An empty topic is allowed when a Topic Alias names it (section 3.3.2.3.4); the broker resolves it.
        String topic = r.readTopicName("topic name");
        int packetId = qos > 0 ? r.readPacketId() : 0;
        Properties properties = PropertiesDecoder.decode(r, PropertyContext.PUBLISH);
        if (topic.isEmpty() && !properties.has(PropertyId.TOPIC_ALIAS)) {
            throw DecodeException.protocolError("empty topic name without Topic Alias (section 3.3.2.1)");
        }
        ByteBuf payload = r.retainedSliceOfRest();
        return new Publish((flags & 0x08) != 0, qos, (flags & 0x01) != 0, topic, packetId, properties, payload);
    }

    private static int qos(int flags) {
        int qos = (flags >> 1) & 0x03;
        if (qos == 3) {
            throw DecodeException.malformed("PUBLISH QoS 3 [MQTT-3.3.1-4]");
        }
        if (qos == 0 && (flags & 0x08) != 0) {
            throw DecodeException.malformed("DUP set on a QoS 0 PUBLISH [MQTT-3.3.1-2]");
        }
        return qos;
    }

    /** A v3 ack: exactly the packet identifier. */
    static PacketDecoder ackV3(AckFactory factory, String name) {
        return (r, flags, d) -> {
            int packetId = r.readPacketId();
            r.expectEnd(name);
            return factory.create(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
        };
    }

    /**
     * A v5 ack: the reason code and property length may be omitted (Remaining Length 2 means Success
     * without properties; less than 4 means no properties) (section 3.4.2.1).
     */
    static PacketDecoder ackV5(AckFactory factory, String name, boolean[] codes, PropertyContext context) {
        return (r, flags, d) -> {
            int packetId = r.readPacketId();
            if (!r.hasRemaining()) {
                return factory.create(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
            }
            ReasonCode reason = ReasonCodes.read(r, codes, name);
            Properties properties = r.hasRemaining() ? PropertiesDecoder.decode(r, context) : Properties.EMPTY;
            r.expectEnd(name);
            return factory.create(packetId, reason, properties);
        };
    }
}
