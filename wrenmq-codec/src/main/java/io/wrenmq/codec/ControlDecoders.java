package io.wrenmq.codec;

/** CONNACK, PINGREQ, PINGRESP, DISCONNECT and AUTH (sections 3.2, 3.12 to 3.15). */
final class ControlDecoders {
    private ControlDecoders() {
    }

    static MqttPacket connAckV3(FrameReader r, int flags, MqttDecoder d) {
        boolean sessionPresent = readAckFlags(r);
        int code = r.readUnsignedByte();
        ReasonCode reason = V3ReturnCodes.fromConnackReturnCode(code);
        if (reason == null) {
            throw DecodeException.malformed("CONNACK return code " + code + " is not defined");
        }
        r.expectEnd("CONNACK");
        checkSessionPresent(sessionPresent, reason);
        return new Connack(sessionPresent, reason, Properties.EMPTY);
    }

    static MqttPacket connAckV5(FrameReader r, int flags, MqttDecoder d) {
        boolean sessionPresent = readAckFlags(r);
        ReasonCode reason = ReasonCodes.read(r, ReasonCodes.CONNACK, "CONNACK");
        Properties properties = PropertiesDecoder.decode(r, PropertyContext.CONNACK);
        r.expectEnd("CONNACK");
        checkSessionPresent(sessionPresent, reason);
        return new Connack(sessionPresent, reason, properties);
    }

    private static boolean readAckFlags(FrameReader r) {
        int ackFlags = r.readUnsignedByte();
        if ((ackFlags & 0xFE) != 0) {
            throw DecodeException.malformed("CONNACK reserved flags set [MQTT-3.2.2-1]");
        }
        return ackFlags == 1;
    }

    private static void checkSessionPresent(boolean sessionPresent, ReasonCode reason) {
        if (sessionPresent && reason != ReasonCode.SUCCESS) {
            throw DecodeException.protocolError("Session Present with a failure code [MQTT-3.2.2-6]");
        }
    }

    static MqttPacket pingReq(FrameReader r, int flags, MqttDecoder d) {
        r.expectEnd("PINGREQ");
        return PingReq.INSTANCE;
    }

    static MqttPacket pingResp(FrameReader r, int flags, MqttDecoder d) {
        r.expectEnd("PINGRESP");
        return PingResp.INSTANCE;
    }

    static MqttPacket disconnectV3(FrameReader r, int flags, MqttDecoder d) {
        r.expectEnd("DISCONNECT");
        return Disconnect.NORMAL;
    }

    /** Remaining Length 0 means Normal disconnection; less than 2 means no properties (section 3.14.2.1). */
    static MqttPacket disconnectV5(FrameReader r, int flags, MqttDecoder d) {
        if (!r.hasRemaining()) {
            return Disconnect.NORMAL;
        }
        ReasonCode reason = ReasonCodes.read(r, ReasonCodes.DISCONNECT, "DISCONNECT");
        Properties properties = r.hasRemaining()
                ? PropertiesDecoder.decode(r, PropertyContext.DISCONNECT) : Properties.EMPTY;
        r.expectEnd("DISCONNECT");
        return reason == ReasonCode.SUCCESS && properties.isEmpty() ? Disconnect.NORMAL
                : new Disconnect(reason, properties);
    }

    /**
     * Remaining Length 0 means Success without properties (section 3.15.2.1). Like Mosquitto we also accept a
     * lone reason code (Remaining Length 1), the short form DISCONNECT allows.
     */
    static MqttPacket authV5(FrameReader r, int flags, MqttDecoder d) {
        if (!r.hasRemaining()) {
            return new Auth(ReasonCode.SUCCESS, Properties.EMPTY);
        }
        ReasonCode reason = ReasonCodes.read(r, ReasonCodes.AUTH, "AUTH");
        Properties properties = r.hasRemaining() ? PropertiesDecoder.decode(r, PropertyContext.AUTH) : Properties.EMPTY;
        r.expectEnd("AUTH");
        return new Auth(reason, properties);
    }
}
