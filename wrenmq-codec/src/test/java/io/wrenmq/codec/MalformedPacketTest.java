package io.wrenmq.codec;

import static io.wrenmq.codec.Frames.bytes;
import static io.wrenmq.codec.Frames.frame;
import static io.wrenmq.codec.Frames.raw;
import static io.wrenmq.codec.Frames.rawString;
import static io.wrenmq.codec.MqttVersion.V3_1;
import static io.wrenmq.codec.MqttVersion.V3_1_1;
import static io.wrenmq.codec.MqttVersion.V5;
import static io.wrenmq.codec.ReasonCode.MALFORMED_PACKET;
import static io.wrenmq.codec.ReasonCode.PACKET_TOO_LARGE;
import static io.wrenmq.codec.ReasonCode.PROTOCOL_ERROR;
import static io.wrenmq.codec.ReasonCode.TOPIC_ALIAS_INVALID;
import static io.wrenmq.codec.ReasonCode.TOPIC_NAME_INVALID;
import static io.wrenmq.codec.ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of bad input, each case named after the spec rule it proves, with the exact reason code. Every
 * case is also checked to be "not yet" (null) for each strict prefix when the failure needs the whole frame,
 * and to be sticky once returned.
 */
class MalformedPacketTest {

    /** @param version the decoder's version, or null for a fresh connection (before CONNECT) */
    record Case(String rule, MqttVersion version, byte[] input, ReasonCode expected) {
        @Override
        public String toString() {
            return rule + " -> " + expected.description();
        }
    }

    private static Case c(String rule, MqttVersion v, byte[] input, ReasonCode expected) {
        return new Case(rule, v, input, expected);
    }

    /** A v5 CONNECT with the given connect flags, keep alive 60, these CONNECT properties, then the payload. */
    private static byte[] connect5(int flags, byte[] props, Object... payload) {
        return frame(0x10, bytes("MQTT", 5, flags, 0, 60, props, bytes(payload)));
    }

    private static byte[] props(Object... p) {
        byte[] b = bytes(p);
        return bytes(b.length, b);
    }

    private static final byte[] NO_PROPS = raw(0);

    static Stream<Case> corpus() {
        return Stream.of(
            // --- framing
            c("MQTT-1.5.5-1 remaining length with a 5th byte", V5, raw(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), MALFORMED_PACKET),
            c("MQTT-1.5.5-1 remaining length not minimal", V5, raw(0xC0, 0x80, 0x00), MALFORMED_PACKET),
            c("MQTT-2.1.3 reserved packet type 0", V5, raw(0x00, 0x00), MALFORMED_PACKET),
            c("MQTT-2.1.3 AUTH (type 15) is reserved in 3.1.1", V3_1_1, raw(0xF0, 0x00), MALFORMED_PACKET),
            c("MQTT-3.1.0-1 first packet is not CONNECT", null, raw(0xC0, 0x00), PROTOCOL_ERROR),
            c("MQTT-3.1.0-1 first packet PUBLISH refused on its first byte", null, raw(0x30), PROTOCOL_ERROR),
            // --- reserved fixed header flags [MQTT-2.1.3-1]
            c("MQTT-2.1.3-1 PUBREL flags 0000", V5, raw(0x60, 0x02, 0x00, 0x01), MALFORMED_PACKET),
            c("MQTT-2.1.3-1 SUBSCRIBE flags 0000", V3_1_1, frame(0x80, 0, 1, "a/b", 0), MALFORMED_PACKET),
            c("MQTT-2.1.3-1 UNSUBSCRIBE flags 0000", V3_1_1, frame(0xA0, 0, 1, "a/b"), MALFORMED_PACKET),
            c("MQTT-2.1.3-1 PUBACK flags 0010", V3_1_1, raw(0x42, 0x02, 0x00, 0x01), MALFORMED_PACKET),
            c("MQTT-2.1.3-1 PINGREQ flags 0001", V5, raw(0xC1, 0x00), MALFORMED_PACKET),
            c("MQTT-2.1.3-1 CONNECT flags 0001", null, frame(0x11, "MQTT", 4, 2, 0, 60, "c"), MALFORMED_PACKET),
            // --- PUBLISH
            c("MQTT-3.3.1-4 PUBLISH QoS 3", V5, frame(0x36, "a", 0, 1, 0), MALFORMED_PACKET),
            c("MQTT-3.3.1-2 DUP on QoS 0", V3_1_1, frame(0x38, "a"), MALFORMED_PACKET),
            c("MQTT-2.2.1-3 PUBLISH QoS 1 packet id 0", V3_1_1, frame(0x32, "a", 0, 0), PROTOCOL_ERROR),
            c("MQTT-2.2.1-3 PUBLISH QoS 2 packet id 0 (v5)", V5, frame(0x34, "a", 0, 0, 0), PROTOCOL_ERROR),
            c("MQTT-3.3.2-2 topic name with +", V5, frame(0x30, "a/+/b", 0), TOPIC_NAME_INVALID),
            c("MQTT-3.3.2-2 topic name with #", V3_1_1, frame(0x30, "a/#"), TOPIC_NAME_INVALID),
            c("MQTT-4.7.3-1 empty topic name in 3.1.1", V3_1_1, frame(0x30, ""), TOPIC_NAME_INVALID),
            c("MQTT-3.3.2-1 empty topic name without Topic Alias (v5)", V5, frame(0x30, "", 0), PROTOCOL_ERROR),
            c("MQTT-1.5.4-1 topic with ill-formed UTF-8", V5, frame(0x30, rawString(0xC3, 0x28), 0), MALFORMED_PACKET),
            c("MQTT-1.5.4-2 topic with U+0000", V5, frame(0x30, rawString('a', 0, 'b'), 0), MALFORMED_PACKET),
            c("MQTT-1.5.4-1 topic with an encoded surrogate U+D800", V5, frame(0x30, rawString(0xED, 0xA0, 0x80), 0),
                    MALFORMED_PACKET),
            c("MQTT-1.5.4-1 overlong 2-byte encoding of '/'", V3_1_1, frame(0x30, rawString(0xC0, 0xAF)), MALFORMED_PACKET),
            c("MQTT-1.5.4-1 overlong 3-byte encoding", V3_1_1, frame(0x30, rawString(0xE0, 0x80, 0xAF)), MALFORMED_PACKET),
            c("MQTT-1.5.4-1 code point above U+10FFFF", V3_1_1, frame(0x30, rawString(0xF4, 0x90, 0x80, 0x80)),
                    MALFORMED_PACKET),
            c("MQTT-1.5.4-1 truncated multi-byte sequence", V3_1_1, frame(0x30, rawString('a', 0xE2, 0x82)), MALFORMED_PACKET),
            c("MQTT-1.5.4 string length runs past the packet", V3_1_1, frame(0x30, raw(0, 9, 'a')), MALFORMED_PACKET),
            // --- v5 properties [MQTT-2.2.2]
            c("MQTT-2.2.2 duplicate Message Expiry Interval", V5,
                    frame(0x30, "a", props(0x02, 0, 0, 0, 1, 0x02, 0, 0, 0, 2)), PROTOCOL_ERROR),
            c("MQTT-2.2.2-2 Session Expiry Interval not allowed in PUBLISH", V5,
                    frame(0x30, "a", props(0x11, 0, 0, 0, 1)), MALFORMED_PACKET),
            c("MQTT-2.2.2 unknown property identifier 0x05", V5, frame(0x30, "a", props(0x05, 1)), MALFORMED_PACKET),
            c("MQTT-2.2.2 property length runs past the packet", V5, frame(0x30, "a", raw(10, 0x01, 0)), MALFORMED_PACKET),
            c("MQTT-2.2.2 property value runs past the property length", V5,
                    frame(0x30, "a", raw(2, 0x02, 0, 0, 0), "payload"), MALFORMED_PACKET),
            c("MQTT-3.3.2-8 Topic Alias 0", V5, frame(0x30, "a", props(0x23, 0, 0)), TOPIC_ALIAS_INVALID),
            c("MQTT-3.3.2.3.2 Payload Format Indicator 2", V5, frame(0x30, "a", props(0x01, 2)), PROTOCOL_ERROR),
            c("MQTT-1.5.5-1 Subscription Identifier not minimally encoded", V5,
                    frame(0x30, "a", props(0x0B, 0x81, 0x00)), MALFORMED_PACKET),
            c("MQTT-3.8.2.1.2 Subscription Identifier 0", V5, frame(0x82, 0, 1, props(0x0B, 0), "a/b", 0), PROTOCOL_ERROR),
            c("MQTT-3.8.2.1.2 two Subscription Identifiers in SUBSCRIBE", V5,
                    frame(0x82, 0, 1, props(0x0B, 1, 0x0B, 2), "a/b", 0), PROTOCOL_ERROR),
            c("MQTT-3.1.2.11.3 Receive Maximum 0", null, connect5(0x02, props(0x21, 0, 0), "c"), PROTOCOL_ERROR),
            c("MQTT-3.1.2.11.4 Maximum Packet Size 0", null, connect5(0x02, props(0x27, 0, 0, 0, 0), "c"), PROTOCOL_ERROR),
            c("MQTT-3.1.2.11.7 Request Problem Information 2", null, connect5(0x02, props(0x17, 2), "c"), PROTOCOL_ERROR),
            c("MQTT-3.1.2.11.6 Request Response Information 2", null, connect5(0x02, props(0x19, 2), "c"), PROTOCOL_ERROR),
            c("MQTT-3.1.2.11.10 Authentication Data without Method", null,
                    connect5(0x02, props(0x16, "xx"), "c"), PROTOCOL_ERROR),
            c("MQTT-3.1.2.11 duplicate Session Expiry Interval", null,
                    connect5(0x02, props(0x11, 0, 0, 0, 1, 0x11, 0, 0, 0, 1), "c"), PROTOCOL_ERROR),
            c("MQTT-2.2.2-2 Session Expiry Interval in Will properties", null,
                    connect5(0x06, NO_PROPS, "c", props(0x11, 0, 0, 0, 1), "w/t", "pl"), MALFORMED_PACKET),
            c("MQTT-2.2.2-2 Topic Alias in CONNACK", V5, frame(0x20, 0, 0, props(0x23, 0, 1)), MALFORMED_PACKET),
            // --- CONNECT
            c("MQTT-3.1.2-1 unknown protocol name with level 4", null, frame(0x10, "MQTX", 4, 2, 0, 60, "c"),
                    UNSUPPORTED_PROTOCOL_VERSION),
            c("MQTT-3.1.2-1 unknown protocol name with level 6", null, frame(0x10, "MQTX", 6, 2, 0, 60, "c"),
                    UNSUPPORTED_PROTOCOL_VERSION),
            c("MQTT-3.1.2-1 MQIsdp level 5", null, frame(0x10, "MQIsdp", 5, 2, 0, 60, 0, "c"), UNSUPPORTED_PROTOCOL_VERSION),
            c("MQTT-3.1.2-1 protocol name not valid UTF-8", null, frame(0x10, rawString(0xFF, 'Q'), 4, 2, 0, 60, "c"),
                    MALFORMED_PACKET),
            c("MQTT-3.1.2-2 MQTT level 6", null, frame(0x10, "MQTT", 6, 2, 0, 60, "c"), UNSUPPORTED_PROTOCOL_VERSION),
            c("MQTT-3.1.2-2 MQTT level 3", null, frame(0x10, "MQTT", 3, 2, 0, 60, "c"), UNSUPPORTED_PROTOCOL_VERSION),
            c("MQTT-3.1.2-2 MQIsdp level 4", null, frame(0x10, "MQIsdp", 4, 2, 0, 60, "c"), UNSUPPORTED_PROTOCOL_VERSION),
            c("MQTT-3.1.2-3 CONNECT reserved flag", null, frame(0x10, "MQTT", 4, 3, 0, 60, "c"), MALFORMED_PACKET),
            c("MQTT-3.1.2-11 Will QoS without Will Flag", null, frame(0x10, "MQTT", 4, 0x0A, 0, 60, "c"), MALFORMED_PACKET),
            c("MQTT-3.1.2-15 Will Retain without Will Flag", null, frame(0x10, "MQTT", 4, 0x22, 0, 60, "c"), MALFORMED_PACKET),
            c("MQTT-3.1.2-14 Will QoS 3", null, frame(0x10, "MQTT", 4, 0x1E, 0, 60, "c", "w/t", "pl"), MALFORMED_PACKET),
            c("MQTT-3.1.2-22 password without user name (3.1.1)", null, frame(0x10, "MQTT", 4, 0x42, 0, 60, "c", "pw"),
                    MALFORMED_PACKET),
            c("MQTT-3.1.2-22 password without user name (3.1)", null, frame(0x10, "MQIsdp", 3, 0x42, 0, 60, "c", "pw"),
                    MALFORMED_PACKET),
            c("MQTT-3.1.3 CONNECT with trailing bytes", null, frame(0x10, "MQTT", 4, 2, 0, 60, "c", 0), MALFORMED_PACKET),
            c("MQTT-3.1.3 user name flag but no user name", null, frame(0x10, "MQTT", 4, 0x82, 0, 60, "c"), MALFORMED_PACKET),
            c("MQTT-3.1.3-11 Will Topic with a wildcard", null, frame(0x10, "MQTT", 4, 0x06, 0, 60, "c", "w/#", "pl"),
                    TOPIC_NAME_INVALID),
            c("MQTT-1.5.4-1 client identifier with an encoded surrogate", null,
                    frame(0x10, "MQTT", 4, 2, 0, 60, rawString(0xED, 0xBF, 0xBF)), MALFORMED_PACKET),
            // --- SUBSCRIBE / UNSUBSCRIBE
            c("MQTT-3.8.3-3 SUBSCRIBE without topic filters (3.1.1)", V3_1_1, frame(0x82, 0, 1), PROTOCOL_ERROR),
            c("MQTT-3.8.3-2 SUBSCRIBE without topic filters (v5)", V5, frame(0x82, 0, 1, 0), PROTOCOL_ERROR),
            c("MQTT-3.8.3-5 SUBSCRIBE option bits 6-7 set", V5, frame(0x82, 0, 1, 0, "a/b", 0x41), MALFORMED_PACKET),
            c("MQTT-3.8.3.1 Retain Handling 3", V5, frame(0x82, 0, 1, 0, "a/b", 0x30), PROTOCOL_ERROR),
            c("MQTT-3-8.3-4 SUBSCRIBE reserved option bits (3.1.1)", V3_1_1, frame(0x82, 0, 1, "a/b", 0x04), MALFORMED_PACKET),
            c("MQTT-3-8.3-4 SUBSCRIBE requested QoS 3", V3_1, frame(0x82, 0, 1, "a/b", 3), MALFORMED_PACKET),
            c("MQTT-4.7.3-1 empty topic filter", V5, frame(0x82, 0, 1, 0, "", 0), MALFORMED_PACKET),
            c("MQTT-2.2.1-3 SUBSCRIBE packet id 0", V5, frame(0x82, 0, 0, 0, "a", 0), PROTOCOL_ERROR),
            c("MQTT-3.8.3 topic filter without options byte", V3_1_1, frame(0x82, 0, 1, "a/b"), MALFORMED_PACKET),
            c("MQTT-1.5.4-1 topic filter with U+0000", V5, frame(0x82, 0, 1, 0, rawString('a', 0), 0), MALFORMED_PACKET),
            c("MQTT-3.10.3-2 UNSUBSCRIBE without topic filters", V3_1_1, frame(0xA2, 0, 1), PROTOCOL_ERROR),
            c("MQTT-3.10.3-2 UNSUBSCRIBE without topic filters (v5)", V5, frame(0xA2, 0, 1, 0), PROTOCOL_ERROR),
            c("MQTT-2.2.1-3 UNSUBSCRIBE packet id 0", V3_1_1, frame(0xA2, 0, 0, "a"), PROTOCOL_ERROR),
            // --- acknowledgements and the rest
            c("MQTT-2.2.1-3 PUBACK packet id 0", V3_1_1, raw(0x40, 0x02, 0x00, 0x00), PROTOCOL_ERROR),
            c("MQTT-3.4 v3 PUBACK with trailing byte", V3_1_1, raw(0x40, 0x03, 0x00, 0x01, 0x00), MALFORMED_PACKET),
            c("MQTT-3.4 PUBACK too short", V3_1_1, raw(0x40, 0x01, 0x00), MALFORMED_PACKET),
            c("MQTT-3.4.2.1 PUBACK reason code 0x05 undefined", V5, raw(0x40, 0x03, 0x00, 0x01, 0x05), MALFORMED_PACKET),
            c("MQTT-3.6.2.1 PUBREL reason code 0x10 not allowed", V5, raw(0x62, 0x03, 0x00, 0x01, 0x10), MALFORMED_PACKET),
            c("MQTT-3.4.2 PUBACK bytes after the properties", V5, raw(0x40, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00),
                    MALFORMED_PACKET),
            c("MQTT-3.14 v3 DISCONNECT with a body", V3_1_1, raw(0xE0, 0x01, 0x00), MALFORMED_PACKET),
            c("MQTT-3.14.2.1 DISCONNECT reason code 0x01 undefined", V5, raw(0xE0, 0x01, 0x01), MALFORMED_PACKET),
            c("MQTT-3.12 PINGREQ with a body", V5, raw(0xC0, 0x01, 0x00), MALFORMED_PACKET),
            c("MQTT-3.2.2-1 CONNACK reserved flags", V3_1_1, raw(0x20, 0x02, 0x02, 0x00), MALFORMED_PACKET),
            c("MQTT-3.2.2.3 CONNACK return code 6 (3.1.1)", V3_1_1, raw(0x20, 0x02, 0x00, 0x06), MALFORMED_PACKET),
            c("MQTT-3.2.2-6 Session Present with an error code", V5, raw(0x20, 0x03, 0x01, 0x80, 0x00), PROTOCOL_ERROR),
            c("MQTT-3.9.3-2 SUBACK return code 3 (3.1.1)", V3_1_1, raw(0x90, 0x03, 0x00, 0x01, 0x03), MALFORMED_PACKET),
            c("MQTT-3.15.2.1 AUTH reason code 0x01 undefined", V5, raw(0xF0, 0x02, 0x01, 0x00), MALFORMED_PACKET)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejectsWithTheRightReasonCode(Case c) {
        MqttDecoder decoder = new MqttDecoder(1 << 20);
        decoder.setVersion(c.version());
        ByteBuf in = Unpooled.wrappedBuffer(c.input());
        try {
            Object result = decoder.decode(in);
            assertThat(result).as(c.rule()).isInstanceOf(DecodeFailure.class);
            DecodeFailure f = (DecodeFailure) result;
            assertThat(f.reason()).as(c.rule() + ": " + f.message()).isEqualTo(c.expected());
            assertThat(f.packetType()).as(c.rule()).isEqualTo(PacketType.of((c.input()[0] & 0xFF) >>> 4));
            // Sticky: the decoder is done with this connection.
            in.writeBytes(new byte[0]);
            ByteBuf more = Unpooled.wrappedBuffer(raw(0xC0, 0x00));
            assertThat(decoder.decode(more)).isSameAs(f);
            assertThat(more.isReadable()).isFalse();
            more.release();
        } finally {
            in.release();
        }
    }

    /** Failures that need the whole frame must wait for it: every strict prefix decodes to null. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void prefixesOfABadPacketAreNotYetDecided(Case c) {
        int headerEnd = 1;
        while (headerEnd < c.input().length && (c.input()[headerEnd] & 0x80) != 0 && headerEnd < 5) {
            headerEnd++;
        }
        // Only bytes after the fixed header: a bad first byte or length is rightly refused at once.
        for (int cut = headerEnd + 1; cut < c.input().length; cut++) {
            MqttDecoder decoder = new MqttDecoder(1 << 20);
            decoder.setVersion(c.version());
            ByteBuf in = Unpooled.wrappedBuffer(c.input(), 0, cut);
            try {
                Object r = decoder.decode(in);
                if (r != null) {
                    // Only the first-byte refusals may answer early.
                    assertThat(c.rule()).as("decided at " + cut + " bytes: " + r).contains("MQTT-3.1.0-1");
                }
                ReferenceCountUtil.release(r);
            } finally {
                in.release();
            }
        }
    }

    /**
     * [MQTT-3.1.2-2]: a level that is not 3, 4 or 5 carries no version, whatever the name and whether it is older or
     * newer: the broker answers the 3.1.1 CONNACK return code 1 (0x20 0x02 0x00 0x01), as Mosquitto and EMQX do.
     */
    @ParameterizedTest
    @CsvSource({"MQTT,0", "MQTT,2", "MQTT,6", "MQTT,255", "MQIsdp,6", "MQTX,2"})
    void unsupportedLevelHasNoVersion_MQTT_3_1_2_2(String name, int level) {
        MqttDecoder decoder = new MqttDecoder(1000);
        ByteBuf in = Unpooled.wrappedBuffer(frame(0x10, name, level, 2, 0, 60, "c"));
        DecodeFailure f = (DecodeFailure) decoder.decode(in);
        assertThat(f.reason()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(f.version()).isNull();
        assertThat(f.packetType()).isEqualTo(PacketType.CONNECT);
        in.release();
    }

    /**
     * [MQTT-3.1.2-1]: a wrong protocol name with a known level carries that level's version, so the refusal is in the
     * format the client reads: return code 1 for 3.1/3.1.1, reason code 0x84 for 5.0.
     */
    @ParameterizedTest
    @CsvSource({"MQTX,4,V3_1_1", "MQTT,3,V3_1", "MQIsdp,4,V3_1_1", "MQIsdp,5,V5",
            "mqtt,5,V5", "'',3,V3_1"})
    void wrongNameWithAKnownLevelCarriesThatLevelsVersion_MQTT_3_1_2_1(String name, int level, MqttVersion expected) {
        MqttDecoder decoder = new MqttDecoder(1000);
        ByteBuf in = Unpooled.wrappedBuffer(frame(0x10, name, level, 2, 0, 60, "c"));
        DecodeFailure f = (DecodeFailure) decoder.decode(in);
        assertThat(f.reason()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(f.version()).isEqualTo(expected);
        assertThat(f.packetType()).isEqualTo(PacketType.CONNECT);
        in.release();
    }

    /** A CONNECT that fails after its level carries the version, so the CONNACK can be in that version. */
    @org.junit.jupiter.api.Test
    void connectFailureAfterTheLevelCarriesTheVersion() {
        MqttDecoder decoder = new MqttDecoder(1000);
        ByteBuf in = Unpooled.wrappedBuffer(connect5(0x02, props(0x21, 0, 0), "c"));
        DecodeFailure f = (DecodeFailure) decoder.decode(in);
        assertThat(f.reason()).isEqualTo(PROTOCOL_ERROR);
        assertThat(f.version()).isEqualTo(V5);
        in.release();
    }

    /** Section 3.1.2.11.4: the size limit is enforced from the fixed header alone, before the body arrives. */
    @org.junit.jupiter.api.Test
    void oversizePacketIsRefusedBeforeItsBodyArrives() {
        MqttDecoder decoder = new MqttDecoder(100);
        decoder.setVersion(V5);
        ByteBuf in = Unpooled.wrappedBuffer(raw(0x30, 0xE8, 0x07)); // PUBLISH, remaining length 1000, no body
        Object r = decoder.decode(in);
        assertThat(r).isInstanceOf(DecodeFailure.class);
        assertThat(((DecodeFailure) r).reason()).isEqualTo(PACKET_TOO_LARGE);
        assertThat(((DecodeFailure) r).packetType()).isEqualTo(PacketType.PUBLISH);
        in.release();
    }

    @org.junit.jupiter.api.Test
    void packetExactlyAtTheLimitIsAccepted() {
        byte[] ping = raw(0xC0, 0x00);
        MqttDecoder decoder = new MqttDecoder(2);
        decoder.setVersion(V3_1_1);
        ByteBuf in = Unpooled.wrappedBuffer(ping);
        assertThat(decoder.decode(in)).isSameAs(PingReq.INSTANCE);
        in.release();
    }

    /** v5 allows a password without a user name (section 3.1.2.9), unlike [MQTT-3.1.2-22] in 3.1.1. */
    @org.junit.jupiter.api.Test
    void v5PasswordWithoutUserNameIsAccepted() {
        MqttDecoder decoder = new MqttDecoder(1000);
        ByteBuf in = Unpooled.wrappedBuffer(connect5(0x42, NO_PROPS, "c", "pw"));
        Connect c = (Connect) decoder.decode(in);
        assertThat(c.username()).isNull();
        assertThat(c.password()).containsExactly('p', 'w');
        in.release();
    }

    /** A second CONNECT decodes normally (the broker rejects it [MQTT-3.1.0-2]) and keeps the first version. */
    @org.junit.jupiter.api.Test
    void secondConnectKeepsTheVersion() {
        MqttDecoder decoder = new MqttDecoder(1000);
        ByteBuf in = Unpooled.wrappedBuffer(frame(0x10, "MQTT", 4, 2, 0, 60, "c"),
                frame(0x10, "MQTT", 5, 2, 0, 60, 0, "c"));
        assertThat(((Connect) decoder.decode(in)).version()).isEqualTo(V3_1_1);
        assertThat(decoder.version()).isEqualTo(V3_1_1);
        assertThat(((Connect) decoder.decode(in)).version()).isEqualTo(V5);
        assertThat(decoder.version()).isEqualTo(V3_1_1);
        in.release();
    }

    /** Valid UTF-8 of every length, and the v5 empty topic with an alias, are accepted. */
    @org.junit.jupiter.api.Test
    void validEdgeCasesAreAccepted() {
        MqttDecoder decoder = new MqttDecoder(1000);
        decoder.setVersion(V5);
        String topic = "a/\u00e9/\u20ac/\uD83D\uDE00/\uFFFF/\u007F";
        ByteBuf in = Unpooled.wrappedBuffer(frame(0x30, topic, 0, "x"), frame(0x30, "", props(0x23, 0, 7), "y"));
        List<Publish> got = List.of((Publish) decoder.decode(in), (Publish) decoder.decode(in));
        try {
            assertThat(got.get(0).topic()).isEqualTo(topic);
            assertThat(got.get(1).topic()).isEmpty();
            assertThat(got.get(1).properties().getInt(PropertyId.TOPIC_ALIAS, 0)).isEqualTo(7);
        } finally {
            got.forEach(Publish::release);
            in.release();
        }
    }
}
