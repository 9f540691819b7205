package io.wrenmq.codec;

/**
 * CONNECT (section 3.1), for every version: the protocol name and level in the packet decide how the rest
 * is read, and the first CONNECT fixes the decoder's version for the connection.
 */
final class ConnectDecoder {
    private ConnectDecoder() {
    }

    static MqttPacket decode(FrameReader r, int flags, MqttDecoder decoder) {
        String name = r.readString("protocol name");
        int level = r.readUnsignedByte();
        MqttVersion v = MqttVersion.of(name, level);
        if (v == null) {
            // [MQTT-3.1.2-2]: a level that is not 3, 4 or 5 gets the 3.1.1 CONNACK return code 1 (0x20 0x02 0x00 0x01,
            // as Mosquitto and EMQX answer), so the failure carries no version. A known level with the wrong name
            // ("MQTX"/4, "MQIsdp"/5, "MQTT"/3) is refused in that level's format: v3.x return code 1, v5 0x84. The
            // Server MAY close without a CONNACK on a bad name [MQTT-3.1.2-1]; telling the client why is kinder.
            MqttVersion byLevel = MqttVersion.ofLevel(level);
            if (byLevel != null && decoder.version() == null) {
                decoder.setVersion(byLevel);
            }
            throw new DecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, byLevel == null
                    ? "unsupported protocol level " + level + " (protocol name '" + name + "') [MQTT-3.1.2-2]"
                    : "protocol name '" + name + "' does not match level " + level + " [MQTT-3.1.2-1]");
        }
        if (decoder.version() == null) {
            // Set before the rest is read so that a later failure carries the version the CONNACK needs.
            // A second CONNECT keeps the first version: the broker rejects it as a Protocol Error [MQTT-3.1.0-2].
            decoder.setVersion(v);
        }
        boolean v5 = v.isV5();
        int cf = r.readUnsignedByte();
        if ((cf & 0x01) != 0) {
            throw DecodeException.malformed("CONNECT reserved flag set [MQTT-3.1.2-3]");
        }
        boolean cleanStart = (cf & 0x02) != 0;
        boolean willFlag = (cf & 0x04) != 0;
        int willQos = (cf >> 3) & 0x03;
        boolean willRetain = (cf & 0x20) != 0;
        boolean hasPassword = (cf & 0x40) != 0;
        boolean hasUser = (cf & 0x80) != 0;
        if (!willFlag && (willQos != 0 || willRetain)) {
            throw DecodeException.malformed("Will QoS/Retain set without Will Flag [MQTT-3.1.2-11] [MQTT-3.1.2-13] "
                    + "[MQTT-3.1.2-15]");
        }
        if (willQos == 3) {
            throw DecodeException.malformed("Will QoS 3 [MQTT-3.1.2-14]");
        }
        if (!v5 && hasPassword && !hasUser) {
            // MQTT 5 allows a password without a user name (section 3.1.2.9).
            throw DecodeException.malformed("password without user name [MQTT-3.1.2-22]");
        }
        int keepAlive = r.readUnsignedShort();
        Properties properties = v5 ? PropertiesDecoder.decode(r, PropertyContext.CONNECT) : Properties.EMPTY;
        // v3.1 limits the Client Identifier to 23 characters; like Mosquitto we accept longer ones.
        String clientId = r.readString("client identifier");
        Will will = willFlag ? readWill(r, v5, willQos, willRetain) : null;
        String username = hasUser ? r.readString("user name") : null;
        byte[] password = hasPassword ? r.readBinary("password") : null;
        r.expectEnd("CONNECT");
        return new Connect(v, cleanStart, keepAlive, clientId, will, username, password, properties);
    }

    private static Will readWill(FrameReader r, boolean v5, int qos, boolean retain) {
        Properties properties = v5 ? PropertiesDecoder.decode(r, PropertyContext.WILL) : Properties.EMPTY;
        String topic = r.readTopicName("will topic");
        if (topic.isEmpty()) {
            throw new DecodeException(ReasonCode.TOPIC_NAME_INVALID, "empty will topic [MQTT-4.7.3-1]");
        }
        byte[] payload = r.readBinary("will payload");
        return new Will(topic, qos, retain, payload, properties);
    }
}
