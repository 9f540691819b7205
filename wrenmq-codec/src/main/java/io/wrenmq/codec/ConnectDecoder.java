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
            if (!"MQTT".equals(name) && !"MQIsdp".equals(name)) {
                // [MQTT-3.1.2-1]: the Server MAY disconnect on a wrong protocol name; it is not MQTT at all, so
                // no CONNACK is owed (Mosquitto does the same).
                throw DecodeException.malformed("unknown protocol name '" + name + "' [MQTT-3.1.2-1]");
            }
            // [MQTT-3.1.2-2]: answer CONNACK 0x84 / return code 1, then close. A level above 5 comes from a
            // client newer than MQTT 5: the failure carries V5 so that it is answered in the v5 format (0x84);
            // older unknown levels carry no version and get the 3.1.1 format (return code 1).
            if ("MQTT".equals(name) && level > MqttVersion.V5.level() && decoder.version() == null) {
                decoder.setVersion(MqttVersion.V5);
            }
            throw new DecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
                    "unsupported protocol " + name + " level " + level + " [MQTT-3.1.2-2]");
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
