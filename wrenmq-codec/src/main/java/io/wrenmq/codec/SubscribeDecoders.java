package io.wrenmq.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (sections 3.8 to 3.11). Topic filters are checked for UTF-8
 * and length only: wildcard placement is the broker's call, so that it can answer SUBACK 0x8F per filter.
 */
final class SubscribeDecoders {
    private SubscribeDecoders() {
    }

    static MqttPacket subscribeV3(FrameReader r, int flags, MqttDecoder d) {
        int packetId = r.readPacketId();
        requirePayload(r, "SUBSCRIBE", "[MQTT-3.8.3-3]");
        List<Subscription> subscriptions = new ArrayList<>(4);
        while (r.hasRemaining()) {
            String filter = readFilter(r);
            int options = r.readUnsignedByte();
            if ((options & 0xFC) != 0) {
                throw DecodeException.malformed("SUBSCRIBE reserved option bits set [MQTT-3-8.3-4]");
            }
            subscriptions.add(new Subscription(filter, requestedQos(options)));
        }
        return new Subscribe(packetId, subscriptions, Properties.EMPTY);
    }

    static MqttPacket subscribeV5(FrameReader r, int flags, MqttDecoder d) {
        int packetId = r.readPacketId();
        Properties properties = PropertiesDecoder.decode(r, PropertyContext.SUBSCRIBE);
        requirePayload(r, "SUBSCRIBE", "[MQTT-3.8.3-2]");
        List<Subscription> subscriptions = new ArrayList<>(4);
        while (r.hasRemaining()) {
            String filter = readFilter(r);
            int options = r.readUnsignedByte();
            if ((options & 0xC0) != 0) {
                throw DecodeException.malformed("SUBSCRIBE reserved option bits 6-7 set [MQTT-3.8.3-5]");
            }
            int retainHandling = (options >> 4) & 0x03;
            if (retainHandling == 3) {
                throw DecodeException.protocolError("Retain Handling 3 (section 3.8.3.1)");
            }
            subscriptions.add(new Subscription(filter, requestedQos(options), (options & 0x04) != 0,
                    (options & 0x08) != 0, retainHandling));
        }
        return new Subscribe(packetId, subscriptions, properties);
    }

    static MqttPacket unsubscribeV3(FrameReader r, int flags, MqttDecoder d) {
        int packetId = r.readPacketId();
        return new Unsubscribe(packetId, readFilters(r), Properties.EMPTY);
    }

    static MqttPacket unsubscribeV5(FrameReader r, int flags, MqttDecoder d) {
        int packetId = r.readPacketId();
        Properties properties = PropertiesDecoder.decode(r, PropertyContext.UNSUBSCRIBE);
        return new Unsubscribe(packetId, readFilters(r), properties);
    }

    /** v3 SUBACK return codes: 0, 1, 2 or 0x80 Failure [MQTT-3.9.3-2]. */
    static MqttPacket subAckV3(FrameReader r, int flags, MqttDecoder d) {
        int packetId = r.readPacketId();
        requirePayload(r, "SUBACK", "[MQTT-3.9.3-1]");
        List<ReasonCode> codes = new ArrayList<>(r.remaining());
        while (r.hasRemaining()) {
            int v = r.readUnsignedByte();
            if (v <= 2) {
                codes.add(ReasonCode.grantedQos(v));
            } else if (v == 0x80) {
                codes.add(ReasonCode.UNSPECIFIED_ERROR);
            } else {
                throw DecodeException.malformed(String.format("SUBACK return code 0x%02X [MQTT-3.9.3-2]", v));
            }
        }
        return new SubAck(packetId, codes, Properties.EMPTY);
    }

    static MqttPacket subAckV5(FrameReader r, int flags, MqttDecoder d) {
        int packetId = r.readPacketId();
        Properties properties = PropertiesDecoder.decode(r, PropertyContext.SUBACK);
        return new SubAck(packetId, readCodes(r, ReasonCodes.SUBACK, "SUBACK"), properties);
    }

    /** v3 UNSUBACK is the packet identifier only. */
    static MqttPacket unsubAckV3(FrameReader r, int flags, MqttDecoder d) {
        int packetId = r.readPacketId();
        r.expectEnd("UNSUBACK");
        return new UnsubAck(packetId, List.of(), Properties.EMPTY);
    }

    static MqttPacket unsubAckV5(FrameReader r, int flags, MqttDecoder d) {
        int packetId = r.readPacketId();
        Properties properties = PropertiesDecoder.decode(r, PropertyContext.UNSUBACK);
        return new UnsubAck(packetId, readCodes(r, ReasonCodes.UNSUBACK, "UNSUBACK"), properties);
    }

    private static List<ReasonCode> readCodes(FrameReader r, boolean[] allowed, String packet) {
        requirePayload(r, packet, "(one reason code per topic filter)");
        List<ReasonCode> codes = new ArrayList<>(r.remaining());
        while (r.hasRemaining()) {
            codes.add(ReasonCodes.read(r, allowed, packet));
        }
        return codes;
    }

    private static List<String> readFilters(FrameReader r) {
        requirePayload(r, "UNSUBSCRIBE", "[MQTT-3.10.3-2]");
        List<String> filters = new ArrayList<>(4);
        while (r.hasRemaining()) {
            filters.add(readFilter(r));
        }
        return filters;
    }

    private static String readFilter(FrameReader r) {
        String filter = r.readString("topic filter");
        if (filter.isEmpty()) {
            throw DecodeException.malformed("empty topic filter [MQTT-4.7.3-1]");
        }
        return filter;
    }

    private static int requestedQos(int options) {
        int qos = options & 0x03;
        if (qos == 3) {
            throw DecodeException.malformed("SUBSCRIBE requested QoS 3 [MQTT-3-8.3-4]");
        }
        return qos;
    }

    /** A SUBSCRIBE/UNSUBSCRIBE without a payload is a Protocol Error (sections 3.8.3, 3.10.3). */
    private static void requirePayload(FrameReader r, String packet, String rule) {
        if (!r.hasRemaining()) {
            throw DecodeException.protocolError(packet + " without payload " + rule);
        }
    }
}
