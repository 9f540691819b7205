package io.wrenmq.codec;

/**
 * One packet decoder per fixed-header type nibble for one protocol family, plus why a type is refused when
 * it has no decoder. Three tables exist for the server side: before CONNECT (only CONNECT), MQTT 3.x, and
 * MQTT 5; two more for the client side, which refuse the packets only a client may send. Choosing the
 * table once per connection keeps version checks out of the per-packet path.
 */
final class DecoderTable {
    /** Fixed-header flags each type must carry, or -1 for PUBLISH whose flags are DUP/QoS/RETAIN [MQTT-2.1.3-1]. */
    static final int[] FIXED_FLAGS = {0, 0, 0, -1, 0, 0, 0b0010, 0, 0b0010, 0, 0b0010, 0, 0, 0, 0, 0};

    static final DecoderTable PRE_CONNECT = preConnect();
    static final DecoderTable V3 = v3();
    static final DecoderTable V5 = v5();
    static final DecoderTable CLIENT_V3 = clientSide(v3());
    static final DecoderTable CLIENT_V5 = clientSide(v5());

    final PacketDecoder[] decoders = new PacketDecoder[16];
    final ReasonCode[] rejectReason = new ReasonCode[16];
    final String[] rejectMessage = new String[16];

    private DecoderTable() {
    }

    private void reject(int type, ReasonCode reason, String message) {
        rejectReason[type] = reason;
        rejectMessage[type] = message;
    }

    private static DecoderTable preConnect() {
        DecoderTable t = new DecoderTable();
        for (int type = 1; type < 16; type++) {
            t.reject(type, ReasonCode.PROTOCOL_ERROR, "the first packet must be CONNECT [MQTT-3.1.0-1]");
        }
        t.reject(0, ReasonCode.MALFORMED_PACKET, "reserved packet type 0");
        t.decoders[PacketType.CONNECT.value()] = ConnectDecoder::decode;
        return t;
    }

    private static DecoderTable v3() {
        DecoderTable t = new DecoderTable();
        t.reject(0, ReasonCode.MALFORMED_PACKET, "reserved packet type 0");
        t.reject(15, ReasonCode.MALFORMED_PACKET, "reserved packet type 15 (AUTH is MQTT 5 only)");
        PacketDecoder[] d = t.decoders;
        d[PacketType.CONNECT.value()] = ConnectDecoder::decode;
        d[PacketType.CONNACK.value()] = ControlDecoders::connAckV3;
        d[PacketType.PUBLISH.value()] = PublishDecoders::publishV3;
        d[PacketType.PUBACK.value()] = PublishDecoders.ackV3(PubAck::new, "PUBACK");
        d[PacketType.PUBREC.value()] = PublishDecoders.ackV3(PubRec::new, "PUBREC");
        d[PacketType.PUBREL.value()] = PublishDecoders.ackV3(PubRel::new, "PUBREL");
        d[PacketType.PUBCOMP.value()] = PublishDecoders.ackV3(PubComp::new, "PUBCOMP");
        d[PacketType.SUBSCRIBE.value()] = SubscribeDecoders::subscribeV3;
        d[PacketType.SUBACK.value()] = SubscribeDecoders::subAckV3;
        d[PacketType.UNSUBSCRIBE.value()] = SubscribeDecoders::unsubscribeV3;
        d[PacketType.UNSUBACK.value()] = SubscribeDecoders::unsubAckV3;
        d[PacketType.PINGREQ.value()] = ControlDecoders::pingReq;
        d[PacketType.PINGRESP.value()] = ControlDecoders::pingResp;
        d[PacketType.DISCONNECT.value()] = ControlDecoders::disconnectV3;
        return t;
    }

    private static DecoderTable v5() {
        DecoderTable t = new DecoderTable();
        t.reject(0, ReasonCode.MALFORMED_PACKET, "reserved packet type 0");
        PacketDecoder[] d = t.decoders;
        d[PacketType.CONNECT.value()] = ConnectDecoder::decode;
        d[PacketType.CONNACK.value()] = ControlDecoders::connAckV5;
        d[PacketType.PUBLISH.value()] = PublishDecoders::publishV5;
        d[PacketType.PUBACK.value()] = PublishDecoders.ackV5(PubAck::new, "PUBACK", ReasonCodes.PUBACK,
                PropertyContext.PUBACK);
        d[PacketType.PUBREC.value()] = PublishDecoders.ackV5(PubRec::new, "PUBREC", ReasonCodes.PUBREC,
                PropertyContext.PUBREC);
        d[PacketType.PUBREL.value()] = PublishDecoders.ackV5(PubRel::new, "PUBREL", ReasonCodes.PUBREL,
                PropertyContext.PUBREL);
        d[PacketType.PUBCOMP.value()] = PublishDecoders.ackV5(PubComp::new, "PUBCOMP", ReasonCodes.PUBCOMP,
                PropertyContext.PUBCOMP);
        d[PacketType.SUBSCRIBE.value()] = SubscribeDecoders::subscribeV5;
        d[PacketType.SUBACK.value()] = SubscribeDecoders::subAckV5;
        d[PacketType.UNSUBSCRIBE.value()] = SubscribeDecoders::unsubscribeV5;
        d[PacketType.UNSUBACK.value()] = SubscribeDecoders::unsubAckV5;
        d[PacketType.PINGREQ.value()] = ControlDecoders::pingReq;
        d[PacketType.PINGRESP.value()] = ControlDecoders::pingResp;
        d[PacketType.DISCONNECT.value()] = ControlDecoders::disconnectV5;
        d[PacketType.AUTH.value()] = ControlDecoders::authV5;
        return t;
    }

    /**
     * A server never sends CONNECT, SUBSCRIBE, UNSUBSCRIBE or PINGREQ (section 2.1.2 gives each packet's
     * direction); a client receiving one treats it as a Protocol Error.
     */
    private static DecoderTable clientSide(DecoderTable t) {
        for (PacketType type : new PacketType[] {PacketType.CONNECT, PacketType.SUBSCRIBE, PacketType.UNSUBSCRIBE,
                PacketType.PINGREQ}) {
            t.decoders[type.value()] = null;
            t.reject(type.value(), ReasonCode.PROTOCOL_ERROR, type + " is sent by clients only (section 2.1.2)");
        }
        return t;
    }

    static DecoderTable forVersion(MqttVersion version) {
        return version == null ? PRE_CONNECT : version.isV5() ? V5 : V3;
    }

    static DecoderTable forClient(MqttVersion version) {
        return version.isV5() ? CLIENT_V5 : CLIENT_V3;
    }
}
