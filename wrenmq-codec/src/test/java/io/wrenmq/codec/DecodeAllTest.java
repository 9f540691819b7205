package io.wrenmq.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MqttDecoder#decodeAll}: every whole frame of a read, then a failure once and nothing after it. */
class DecodeAllTest {
    @Test
    void decodesEveryWholeFrameThenStopsAtTheFirstFailureForGood() {
        MqttDecoder decoder = new MqttDecoder(1000);
        byte[] connect = Frames.frame(0x10, "MQTT", 4, 2, 0, 60, "c");
        byte[] ping = {(byte) 0xC0, 0};
        byte[] reservedFlags = {(byte) 0xC1, 0}; // PINGREQ with a reserved flag bit [MQTT-2.1.3-1]
        ByteBuf in = Unpooled.wrappedBuffer(Frames.bytes(connect, ping, reservedFlags, ping));
        List<Object> out = new ArrayList<>();
        try {
            decoder.decodeAll(in, out);
            assertThat(out).hasSize(3);
            assertThat(out.get(0)).isInstanceOf(Connect.class);
            assertThat(out.get(1)).isInstanceOf(PingReq.class);
            assertThat(((DecodeFailure) out.get(2)).reason()).isEqualTo(ReasonCode.MALFORMED_PACKET);
            assertThat(in.isReadable()).isFalse();

            ByteBuf more = Unpooled.wrappedBuffer(ping);
            decoder.decodeAll(more, out);
            assertThat(out).hasSize(3); // the failure is not repeated and later input is discarded
            assertThat(more.isReadable()).isFalse();
            more.release();
        } finally {
            out.forEach(ReferenceCountUtil::release);
            in.release();
        }
    }

    @Test
    void leavesAPartialFrameForTheNextRead() {
        MqttDecoder decoder = new MqttDecoder(1000);
        byte[] connect = Frames.frame(0x10, "MQTT", 4, 2, 0, 60, "c");
        ByteBuf in = Unpooled.wrappedBuffer(connect, 0, connect.length - 1);
        List<Object> out = new ArrayList<>();
        decoder.decodeAll(in, out);
        assertThat(out).isEmpty();
        assertThat(in.readableBytes()).isEqualTo(connect.length - 1);
        in.release();
    }
}
