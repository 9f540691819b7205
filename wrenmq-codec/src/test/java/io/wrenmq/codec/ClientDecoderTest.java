package io.wrenmq.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link MqttDecoder#forClient}: server-to-client packets decode from the first byte, client-only ones are refused. */
class ClientDecoderTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void decodesConnackFirstAndThenServerPackets(MqttVersion v) {
        MqttDecoder decoder = MqttDecoder.forClient(v, 1024);
        assertThat(decoder.version()).isEqualTo(v);
        Properties props = v.isV5() ? Properties.builder().put(PropertyId.RECEIVE_MAXIMUM, 10).build() : Properties.EMPTY;
        ByteBuf payload = ALLOC.buffer().writeBytes("hi".getBytes(StandardCharsets.UTF_8));
        // Session Present false: MQTT 3.1 has no such flag.
        List<MqttPacket> packets = List.of(new Connack(false, ReasonCode.SUCCESS, props),
                new Publish(false, 1, false, "a/b", 7, Properties.EMPTY, payload), new PubAck(3),
                new SubAck(4, List.of(ReasonCode.GRANTED_QOS_1), Properties.EMPTY), PingResp.INSTANCE,
                Disconnect.NORMAL);
        ByteBuf wire = ALLOC.buffer();
        try {
            for (MqttPacket p : packets) {
                ByteBuf b = MqttEncoder.encode(ALLOC, p, v);
                wire.writeBytes(b);
                b.release();
            }
            for (MqttPacket expected : packets) {
                Object decoded = decoder.decode(wire);
                assertThat(decoded).isInstanceOf(MqttPacket.class);
                if (decoded instanceof Publish) {
                    Publish p = (Publish) decoded;
                    assertThat(p.topic()).isEqualTo("a/b");
                    assertThat(p.payload().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
                    p.release();
                } else {
                    assertThat(decoded).isEqualTo(expected);
                }
            }
            assertThat(decoder.decode(wire)).isNull();
        } finally {
            wire.release();
            payload.release();
        }
    }

    /** Section 2.1.2: CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ travel from client to server only. */
    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"CONNECT", "SUBSCRIBE", "UNSUBSCRIBE", "PINGREQ"})
    void refusesClientOnlyPackets(PacketType type) {
        for (MqttVersion v : List.of(MqttVersion.V3_1_1, MqttVersion.V5)) {
            MqttDecoder decoder = MqttDecoder.forClient(v, 1024);
            ByteBuf wire = ALLOC.buffer();
            wire.writeByte(type.value() << 4 | DecoderTable.FIXED_FLAGS[type.value()]).writeByte(0);
            try {
                Object decoded = decoder.decode(wire);
                assertThat(decoded).isInstanceOf(DecodeFailure.class);
                assertThat(((DecodeFailure) decoded).reason()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
                assertThat(wire.isReadable()).isFalse();
            } finally {
                wire.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void serverSideDecoderStillStartsWithConnect(MqttVersion v) {
        MqttDecoder decoder = new MqttDecoder(1024);
        assertThat(decoder.version()).isNull();
        ByteBuf wire = MqttEncoder.encode(ALLOC, new Connack(false, ReasonCode.SUCCESS, Properties.EMPTY), v);
        try {
            Object decoded = decoder.decode(wire);
            assertThat(((DecodeFailure) decoded).reason()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        } finally {
            wire.release();
        }
        assertThatThrownBy(() -> MqttDecoder.forClient(v, 1024).setVersion(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
