package io.wrenmq.codec;

import static io.wrenmq.codec.Frames.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact wire bytes for the forms other implementations (Mosquitto, Paho) compare byte for byte. */
class MqttEncoderTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static byte[] encode(MqttPacket p, MqttVersion v) {
        ByteBuf b = MqttEncoder.encode(ALLOC, p, v);
        try {
            assertThat(b.readableBytes()).isEqualTo(MqttEncoder.encodedSize(p, v));
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    @Test
    void v5AckWithSuccessAndNoPropertiesUsesTheTwoByteForm() {
        assertThat(encode(new PubAck(7), MqttVersion.V5)).containsExactly(raw(0x40, 0x02, 0x00, 0x07));
        assertThat(encode(new PubRel(7), MqttVersion.V5)).containsExactly(raw(0x62, 0x02, 0x00, 0x07));
    }

    @Test
    void v5AckWithReasonAndNoPropertiesOmitsThePropertyLength() {
        PubRec rec = new PubRec(7, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.EMPTY);
        assertThat(encode(rec, MqttVersion.V5)).containsExactly(raw(0x50, 0x03, 0x00, 0x07, 0x10));
    }

    @Test
    void v5NormalDisconnectHasRemainingLengthZero() {
        assertThat(encode(Disconnect.NORMAL, MqttVersion.V5)).containsExactly(raw(0xE0, 0x00));
        assertThat(encode(new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, Properties.EMPTY), MqttVersion.V5))
                .containsExactly(raw(0xE0, 0x01, 0x8B));
    }

    @Test
    void v3DropsReasonCodesAndProperties() {
        Properties p = Properties.builder().putString(PropertyId.REASON_STRING, "x").build();
        assertThat(encode(new PubAck(1, ReasonCode.QUOTA_EXCEEDED, p), MqttVersion.V3_1_1))
                .containsExactly(raw(0x40, 0x02, 0x00, 0x01));
        assertThat(encode(new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, p), MqttVersion.V3_1_1))
                .containsExactly(raw(0xE0, 0x00));
        assertThat(encode(new UnsubAck(3, List.of(ReasonCode.SUCCESS), p), MqttVersion.V3_1_1))
                .containsExactly(raw(0xB0, 0x02, 0x00, 0x03));
    }

    @Test
    void v3ConnackMapsReasonCodesToReturnCodes() {
        assertThat(encode(new Connack(true, ReasonCode.SUCCESS, null), MqttVersion.V3_1_1))
                .containsExactly(raw(0x20, 0x02, 0x01, 0x00));
        assertThat(encode(new Connack(false, ReasonCode.BANNED, null), MqttVersion.V3_1_1))
                .containsExactly(raw(0x20, 0x02, 0x00, 0x05));
        assertThat(encode(new Connack(false, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, null), MqttVersion.V3_1))
                .containsExactly(raw(0x20, 0x02, 0x00, 0x01));
    }

    /** [MQTT-3.9.3-2]: v3 knows 0x80 only; every v5 error code becomes it. */
    @Test
    void v3SubAckMapsEveryErrorTo0x80() {
        SubAck ack = new SubAck(9, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.TOPIC_FILTER_INVALID,
                ReasonCode.NOT_AUTHORIZED, ReasonCode.SUCCESS), null);
        assertThat(encode(ack, MqttVersion.V3_1_1)).containsExactly(raw(0x90, 0x06, 0x00, 0x09, 0x01, 0x80, 0x80, 0x00));
    }

    @Test
    void smallPayloadIsCopiedLargeOneIsReferenced() {
        for (int size : new int[] {MqttEncoder.COPY_THRESHOLD - 1, MqttEncoder.COPY_THRESHOLD}) {
            ByteBuf payload = ALLOC.buffer(size).writeZero(size);
            Publish p = new Publish(false, 1, false, "a/b", 5, null, payload);
            ByteBuf out = MqttEncoder.encode(ALLOC, p, MqttVersion.V5);
            try {
                assertThat(out instanceof CompositeByteBuf).as("composite for " + size)
                        .isEqualTo(size >= MqttEncoder.COPY_THRESHOLD);
                assertThat(payload.refCnt()).as("payload stays owned by the caller").isPositive();
                assertThat(payload.readerIndex()).isZero();
            } finally {
                out.release();
                p.release();
            }
            assertThat(payload.refCnt()).isZero();
        }
    }

    @Test
    void publishHeaderCountsThePayloadInItsRemainingLength() {
        ByteBuf payload = ALLOC.buffer().writeBytes(new byte[200]);
        Publish p = new Publish(false, 0, true, "t", 0, null, payload);
        ByteBuf header = MqttEncoder.encodePublishHeader(ALLOC, p, MqttVersion.V3_1_1);
        try {
            // 0x31, remaining 203 = 0xCB 0x01, topic "t"
            assertThat(ByteBufUtil.getBytes(header)).containsExactly(raw(0x31, 0xCB, 0x01, 0x00, 0x01, 't'));
        } finally {
            header.release();
            p.release();
        }
    }

    @Test
    void multiByteStringsAreLengthPrefixedInBytes() {
        Unsubscribe u = new Unsubscribe(1, List.of("\u20ac"), null);
        assertThat(encode(u, MqttVersion.V3_1_1)).containsExactly(raw(0xA2, 0x07, 0x00, 0x01, 0x00, 0x03, 0xE2, 0x82, 0xAC));
    }
}
