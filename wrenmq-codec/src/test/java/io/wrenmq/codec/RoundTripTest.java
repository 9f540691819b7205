package io.wrenmq.codec;

import static io.wrenmq.codec.PacketAssertions.assertSamePacket;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Seeded property tests: every packet type in every version it exists in survives encode -> decode, and the
 * framing survives arbitrary read boundaries. Rerun a failure with {@code -Dwrenmq.seed=<base seed>}.
 */
class RoundTripTest {
    private static final long BASE_SEED = Long.getLong("wrenmq.seed", new Random().nextLong());
    private static final int MAX_PACKET = 1 << 20;
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static long seed(RepetitionInfo info, int salt) {
        return BASE_SEED * 31 + info.getCurrentRepetition() * 1_000_003L + salt;
    }

    private static String ctx(long seed, Object what) {
        return "seed " + seed + " (base -Dwrenmq.seed=" + BASE_SEED + "), " + what;
    }

    private static List<PacketType> typesOf(MqttVersion v) {
        List<PacketType> types = new ArrayList<>(List.of(PacketType.values()));
        if (!v.isV5()) {
            types.remove(PacketType.AUTH); // MQTT 5 only
        }
        return types;
    }

    @RepeatedTest(200)
    void everyPacketTypeRoundTripsInEveryVersion(RepetitionInfo info) {
        long seed = seed(info, 1);
        PacketGenerator gen = new PacketGenerator(new Random(seed), ALLOC);
        for (MqttVersion v : MqttVersion.values()) {
            for (PacketType type : typesOf(v)) {
                MqttPacket packet = gen.packet(type, v);
                String context = ctx(seed, v + " " + packet);
                ByteBuf wire = MqttEncoder.encode(ALLOC, packet, v);
                Object decoded = null;
                try {
                    assertThat(wire.readableBytes()).as(context + ": encodedSize")
                            .isEqualTo(MqttEncoder.encodedSize(packet, v));
                    MqttDecoder decoder = new MqttDecoder(MAX_PACKET);
                    if (type != PacketType.CONNECT) {
                        decoder.setVersion(v);
                    }
                    decoded = decoder.decode(wire);
                    assertSamePacket(packet, decoded, context);
                    assertThat(wire.isReadable()).as(context + ": whole frame consumed").isFalse();
                    assertThat(decoder.version()).as(context).isEqualTo(v);
                    if (packet instanceof Publish) {
                        assertHeaderPlusPayloadIsWholePacket((Publish) packet, v, wire, context);
                    }
                } finally {
                    ReferenceCountUtil.release(decoded);
                    wire.release();
                    ReferenceCountUtil.release(packet);
                }
            }
        }
    }

    /** The fan-out form (header, then the shared payload) is byte-identical to the one-piece encoding. */
    private static void assertHeaderPlusPayloadIsWholePacket(Publish p, MqttVersion v, ByteBuf whole, String ctx) {
        ByteBuf header = MqttEncoder.encodePublishHeader(ALLOC, p, v);
        try {
            ByteBuf joined = Unpooled.wrappedBuffer(header.retain(), p.payload().retainedDuplicate());
            try {
                whole.readerIndex(0);
                assertThat(ByteBufUtil.equals(joined, whole)).as(ctx + ": header + payload").isTrue();
                assertThat(p.payload().refCnt()).as(ctx + ": encoder must not release the payload").isPositive();
            } finally {
                joined.release();
            }
        } finally {
            header.release();
        }
    }

    /** Many packets back to back, delivered in random 1..n byte chunks, decode to the same sequence. */
    @RepeatedTest(100)
    void framingSurvivesArbitraryReadBoundaries(RepetitionInfo info) {
        long seed = seed(info, 2);
        Random rnd = new Random(seed);
        PacketGenerator gen = new PacketGenerator(rnd, ALLOC);
        MqttVersion v = MqttVersion.values()[rnd.nextInt(3)];
        List<MqttPacket> sent = new ArrayList<>();
        sent.add(gen.connect(v));
        List<PacketType> types = typesOf(v);
        for (int i = 0, n = 5 + rnd.nextInt(30); i < n; i++) {
            // PUBLISH-heavy, like real traffic
            sent.add(gen.packet(rnd.nextInt(3) == 0 ? types.get(rnd.nextInt(types.size())) : PacketType.PUBLISH, v));
        }
        ByteBuf stream = ALLOC.buffer();
        List<Object> received = new ArrayList<>();
        ByteBuf cumulation = ALLOC.buffer();
        try {
            for (MqttPacket p : sent) {
                ByteBuf b = MqttEncoder.encode(ALLOC, p, v);
                stream.writeBytes(b);
                b.release();
            }
            MqttDecoder decoder = new MqttDecoder(MAX_PACKET);
            int maxChunk = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 8 : 3000);
            while (stream.isReadable()) {
                int chunk = Math.min(stream.readableBytes(), 1 + rnd.nextInt(maxChunk));
                // Never compact the cumulation: decoded payloads are slices of it (see MqttDecoder).
                cumulation.writeBytes(stream, chunk);
                Object o;
                while ((o = decoder.decode(cumulation)) != null) {
                    received.add(o);
                    assertThat(o).as(ctx(seed, "unexpected failure")).isNotInstanceOf(DecodeFailure.class);
                }
            }
            assertThat(cumulation.isReadable()).as(ctx(seed, "leftover bytes")).isFalse();
            assertThat(received).as(ctx(seed, "packet count")).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                assertSamePacket(sent.get(i), received.get(i), ctx(seed, "#" + i + " " + v + " " + sent.get(i)));
            }
        } finally {
            received.forEach(ReferenceCountUtil::release);
            sent.forEach(ReferenceCountUtil::release);
            stream.release();
            cumulation.release();
        }
    }

    /** Every strict prefix of a frame is "not yet" (null, nothing consumed), never a failure. */
    @RepeatedTest(30)
    void truncatedFramesWaitForMoreBytes(RepetitionInfo info) {
        long seed = seed(info, 3);
        PacketGenerator gen = new PacketGenerator(new Random(seed), ALLOC);
        for (MqttVersion v : MqttVersion.values()) {
            for (PacketType type : typesOf(v)) {
                MqttPacket packet = gen.packet(type, v);
                ByteBuf wire = MqttEncoder.encode(ALLOC, packet, v);
                try {
                    MqttDecoder decoder = new MqttDecoder(MAX_PACKET);
                    if (type != PacketType.CONNECT) {
                        decoder.setVersion(v);
                    }
                    // A plain array: slicing a leak-tracked buffer thousands of times would only measure the tracker.
                    byte[] bytes = ByteBufUtil.getBytes(wire);
                    for (int cut = 0; cut < bytes.length; cut++) {
                        ByteBuf prefix = Unpooled.wrappedBuffer(bytes, 0, cut);
                        assertThat(decoder.decode(prefix)).as(ctx(seed, v + " " + type + " cut at " + cut)).isNull();
                        assertThat(prefix.readerIndex()).isZero();
                    }
                } finally {
                    wire.release();
                    ReferenceCountUtil.release(packet);
                }
            }
        }
    }

    /** Random bytes never make the decoder throw: they decode, wait or fail as a value. */
    @RepeatedTest(50)
    void garbageNeverEscapesAsAnException(RepetitionInfo info) {
        long seed = seed(info, 4);
        Random rnd = new Random(seed);
        for (int input = 0; input < 40; input++) {
            decodeGarbage(rnd);
        }
    }

    private static void decodeGarbage(Random rnd) {
        MqttDecoder decoder = new MqttDecoder(4096);
        decoder.setVersion(MqttVersion.values()[rnd.nextInt(3)]);
        byte[] garbage = new byte[2 + rnd.nextInt(200)];
        rnd.nextBytes(garbage);
        if (rnd.nextBoolean()) {
            // A valid first byte and a plausible length, so the body decoders see the garbage.
            int type = 1 + rnd.nextInt(15);
            int flags = DecoderTable.FIXED_FLAGS[type];
            garbage[0] = (byte) (type << 4 | (flags < 0 ? rnd.nextInt(6) : flags));
            garbage[1] = (byte) Math.min(garbage.length - 2, 127);
        }
        ByteBuf in = Unpooled.wrappedBuffer(garbage);
        try {
            for (int i = 0; i < 300; i++) {
                Object o = decoder.decode(in);
                ReferenceCountUtil.release(o);
                if (o == null || o instanceof DecodeFailure) {
                    break;
                }
            }
        } finally {
            in.release();
        }
    }
}
