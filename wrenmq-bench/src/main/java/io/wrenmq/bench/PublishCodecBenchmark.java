package io.wrenmq.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.wrenmq.codec.DecodeFailure;
import io.wrenmq.codec.MqttDecoder;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * WrenMQ's PUBLISH codec against netty-codec-mqtt 4.2.18 on the same message mix.
 *
 * <p>Fairness: netty's codec only exists as pipeline handlers (a ReplayingDecoder and a
 * MessageToMessageEncoder), so both codecs run inside an {@link EmbeddedChannel}: ours behind the thinnest
 * possible adapters of the same base classes (ByteToMessageDecoder, MessageToMessageEncoder). Both sides
 * therefore pay the same pipeline, cumulation and message-release overhead, and one operation does the
 * same work for both: one "socket read" of a batch (a fresh pooled buffer holding the mix of 8 PUBLISH
 * packets, 4 in MQTT 3.1.1 and 4 in MQTT 5) decoded into messages that are consumed and released; or the
 * same 8 messages encoded and the output buffers released. The mix: topic lengths 10 to 60 characters,
 * QoS 0 and 1, the v5 half with two User Properties each, and a payload size per run (16 B, 256 B, 4 KB).
 * Results are per batch of 8 packets. Our encoder references payloads of 1 KB and more instead of copying
 * them (a composite buffer); netty copies every payload: that is a design difference the comparison keeps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PublishCodecBenchmark {
    private static final int MIX = 8;
    private static final AttributeKey<io.netty.handler.codec.mqtt.MqttVersion> NETTY_VERSION_KEY =
            AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    @Param({"16", "256", "4096"})
    public int payloadSize;

    private byte[] wireV3;
    private byte[] wireV5;
    private final List<Publish> oursV3 = new ArrayList<>();
    private final List<Publish> oursV5 = new ArrayList<>();
    private final List<MqttMessage> nettyV3 = new ArrayList<>();
    private final List<MqttMessage> nettyV5 = new ArrayList<>();

    private EmbeddedChannel ourDecodeV3;
    private EmbeddedChannel ourDecodeV5;
    private EmbeddedChannel nettyDecodeV3;
    private EmbeddedChannel nettyDecodeV5;
    private EmbeddedChannel ourEncodeV3;
    private EmbeddedChannel ourEncodeV5;
    private EmbeddedChannel nettyEncodeV3;
    private EmbeddedChannel nettyEncodeV5;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        for (int i = 0; i < MIX; i++) {
            boolean v5 = i >= MIX / 2;
            int qos = i % 2;
            String topic = topic(10 + i * 50 / (MIX - 1), i);
            int packetId = qos == 0 ? 0 : 100 + i;
            Properties props = v5 ? Properties.builder().addUserProperty("trace-id", "4bf92f3577b34da6")
                    .addUserProperty("source", "sensor-" + i).build() : Properties.EMPTY;
            Publish ours = new Publish(false, qos, false, topic, packetId, props, Unpooled.wrappedBuffer(payload));
            MqttMessageBuilders.PublishBuilder nb = MqttMessageBuilders.publish().topicName(topic)
                    .qos(MqttQoS.valueOf(qos)).retained(false).messageId(packetId)
                    .payload(Unpooled.wrappedBuffer(payload));
            if (v5) {
                MqttProperties np = new MqttProperties();
                np.add(new MqttProperties.UserProperties(List.of(
                        new MqttProperties.StringPair("trace-id", "4bf92f3577b34da6"),
                        new MqttProperties.StringPair("source", "sensor-" + i))));
                nb.properties(np);
                oursV5.add(ours);
                nettyV5.add(nb.build());
            } else {
                oursV3.add(ours);
                nettyV3.add(nb.build());
            }
        }
        wireV3 = wire(oursV3, MqttVersion.V3_1_1);
        wireV5 = wire(oursV5, MqttVersion.V5);

        ourDecodeV3 = new EmbeddedChannel(new OurDecoderHandler(MqttVersion.V3_1_1));
        ourDecodeV5 = new EmbeddedChannel(new OurDecoderHandler(MqttVersion.V5));
        nettyDecodeV3 = new EmbeddedChannel(new io.netty.handler.codec.mqtt.MqttDecoder(1 << 20));
        nettyDecodeV5 = new EmbeddedChannel(new io.netty.handler.codec.mqtt.MqttDecoder(1 << 20));
        nettyDecodeV5.attr(NETTY_VERSION_KEY).set(io.netty.handler.codec.mqtt.MqttVersion.MQTT_5);
        ourEncodeV3 = new EmbeddedChannel(new OurEncoderHandler(MqttVersion.V3_1_1));
        ourEncodeV5 = new EmbeddedChannel(new OurEncoderHandler(MqttVersion.V5));
        nettyEncodeV3 = new EmbeddedChannel(io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
        nettyEncodeV5 = new EmbeddedChannel(io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
        nettyEncodeV5.attr(NETTY_VERSION_KEY).set(io.netty.handler.codec.mqtt.MqttVersion.MQTT_5);

        // Sanity: both decoders read the same bytes into MIX packets, and both encoders produce the same length.
        Blackhole.consumeCPU(0);
        check(decodeCount(ourDecodeV3, wireV3) + decodeCount(ourDecodeV5, wireV5), "our decoder");
        check(decodeCount(nettyDecodeV3, wireV3) + decodeCount(nettyDecodeV5, wireV5), "netty decoder");
        check(encodedBytes(ourEncodeV3, oursV3) + encodedBytes(ourEncodeV5, oursV5), wireV3.length + wireV5.length,
                "our encoder");
        check(encodedBytes(nettyEncodeV3, nettyV3) + encodedBytes(nettyEncodeV5, nettyV5),
                wireV3.length + wireV5.length, "netty encoder");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        oursV3.forEach(Publish::release);
        oursV5.forEach(Publish::release);
        nettyV3.forEach(ReferenceCountUtil::release);
        nettyV5.forEach(ReferenceCountUtil::release);
        for (EmbeddedChannel c : List.of(ourDecodeV3, ourDecodeV5, nettyDecodeV3, nettyDecodeV5, ourEncodeV3,
                ourEncodeV5, nettyEncodeV3, nettyEncodeV5)) {
            c.finishAndReleaseAll();
        }
    }

    private static String topic(int length, int i) {
        StringBuilder sb = new StringBuilder("site-" + i + "/");
        while (sb.length() < length) {
            sb.append("dev/temp/");
        }
        sb.setLength(length);
        return sb.toString();
    }

    private static byte[] wire(List<Publish> packets, MqttVersion v) {
        ByteBuf all = Unpooled.buffer();
        for (Publish p : packets) {
            ByteBuf b = MqttEncoder.encode(ByteBufAllocator.DEFAULT, p, v);
            all.writeBytes(b);
            b.release();
        }
        byte[] out = new byte[all.readableBytes()];
        all.readBytes(out);
        all.release();
        return out;
    }

    private static void check(int got, String what) {
        check(got, MIX, what);
    }

    private static void check(int got, int expected, String what) {
        if (got != expected) {
            throw new IllegalStateException(what + ": " + got + " instead of " + expected);
        }
    }

    private static int decodeCount(EmbeddedChannel ch, byte[] wire) {
        ByteBuf in = ch.alloc().directBuffer(wire.length).writeBytes(wire);
        ch.writeInbound(in);
        int n = 0;
        Object o;
        while ((o = ch.readInbound()) != null) {
            n++;
            ReferenceCountUtil.release(o);
        }
        return n;
    }

    private static int encodedBytes(EmbeddedChannel ch, List<?> messages) {
        for (Object m : messages) {
            ch.write(ReferenceCountUtil.retain(m));
        }
        ch.flush();
        int n = 0;
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            n += b.readableBytes();
            b.release();
        }
        return n;
    }

    private static void decodeInto(EmbeddedChannel ch, byte[] wire, Blackhole bh) {
        // A fresh pooled buffer per batch, as a socket read would deliver it.
        ByteBuf in = ch.alloc().directBuffer(wire.length).writeBytes(wire);
        ch.writeInbound(in);
        Object o;
        while ((o = ch.readInbound()) != null) {
            bh.consume(o);
            ReferenceCountUtil.release(o);
        }
    }

    private static void encodeInto(EmbeddedChannel ch, List<?> messages, Blackhole bh) {
        for (Object m : messages) {
            ch.write(ReferenceCountUtil.retain(m)); // the encoder handler releases its message, as in a real pipeline
        }
        ch.flush();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            bh.consume(b.readableBytes());
            b.release();
        }
    }

    @Benchmark
    public void decodeWrenMq(Blackhole bh) {
        decodeInto(ourDecodeV3, wireV3, bh);
        decodeInto(ourDecodeV5, wireV5, bh);
    }

    @Benchmark
    public void decodeNetty(Blackhole bh) {
        decodeInto(nettyDecodeV3, wireV3, bh);
        decodeInto(nettyDecodeV5, wireV5, bh);
    }

    @Benchmark
    public void encodeWrenMq(Blackhole bh) {
        encodeInto(ourEncodeV3, oursV3, bh);
        encodeInto(ourEncodeV5, oursV5, bh);
    }

    @Benchmark
    public void encodeNetty(Blackhole bh) {
        encodeInto(nettyEncodeV3, nettyV3, bh);
        encodeInto(nettyEncodeV5, nettyV5, bh);
    }

    /** The thinnest pipeline adapter for our decoder: one frame per call, as ByteToMessageDecoder loops. */
    static final class OurDecoderHandler extends ByteToMessageDecoder {
        private final MqttDecoder decoder = new MqttDecoder(1 << 20);

        OurDecoderHandler(MqttVersion version) {
            decoder.setVersion(version);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            Object o = decoder.decode(in);
            if (o instanceof DecodeFailure) {
                throw new IllegalStateException(o.toString());
            }
            if (o != null) {
                out.add(o);
            }
        }
    }

    /** The thinnest pipeline adapter for our encoder. */
    static final class OurEncoderHandler extends MessageToMessageEncoder<Publish> {
        private final MqttVersion version;

        OurEncoderHandler(MqttVersion version) {
            this.version = version;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Publish msg, List<Object> out) {
            out.add(MqttEncoder.encode(ctx.alloc(), msg, version));
        }
    }
}
