package io.wrenmq.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.wrenmq.broker.protocol.BrokerContext;
import io.wrenmq.broker.transport.MqttFrameHandler;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttDecoder;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection without a socket: an {@link EmbeddedChannel} with the broker's real frame decoder and a
 * {@link MqttConnection}. The test writes encoded packets into it and decodes what the broker writes back with the
 * codec's client-side decoder. Every task of the channel's loop runs on the test thread.
 */
final class EmbeddedClient implements AutoCloseable {
    final EmbeddedChannel channel;
    private final MqttVersion version;
    private final MqttDecoder decoder;
    private final ByteBuf bytes = Unpooled.buffer();
    private final ArrayDeque<MqttPacket> packets = new ArrayDeque<>();
    private final List<MqttPacket> seen = new ArrayList<>();

    EmbeddedClient(BrokerContext broker, MqttVersion version) {
        this.version = version;
        this.decoder = MqttDecoder.forClient(version, 1 << 20);
        this.channel = new EmbeddedChannel(new MqttFrameHandler(broker.config().maxPacketSize(), broker.metrics()),
                new MqttConnection(broker));
    }

    /** CONNECT with Clean Start and the given keep alive; returns the CONNACK. */
    Connack connect(String clientId, int keepAlive, Properties properties) {
        send(new Connect(version, true, keepAlive, clientId, null, null, null, properties));
        return expect(Connack.class);
    }

    Connack connect(String clientId) {
        return connect(clientId, 0, Properties.EMPTY);
    }

    /** Encodes and sends a packet; takes over a PUBLISH (releases its payload once encoded). */
    void send(MqttPacket packet) {
        ByteBuf encoded = MqttEncoder.encode(channel.alloc(), packet, version);
        ReferenceCountUtil.release(packet);
        sendBytes(encoded);
    }

    /** Writes raw bytes as if read from the socket (the channel's pending tasks run afterwards). */
    void sendBytes(ByteBuf buf) {
        channel.writeInbound(buf);
    }

    /** The next packet the broker wrote (after running the loop's pending tasks, which flush). */
    <T extends MqttPacket> T expect(Class<T> type) {
        MqttPacket p = next();
        assertThat(p).as("next packet from the broker").isInstanceOf(type);
        return type.cast(p);
    }

    /** Whether the broker wrote nothing more (so far). */
    boolean nothingMore() {
        return next() == null;
    }

    private MqttPacket next() {
        if (packets.isEmpty()) {
            channel.runPendingTasks();
            for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
                ByteBuf b = (ByteBuf) o;
                bytes.writeBytes(b);
                b.release();
            }
            List<Object> out = new ArrayList<>();
            decoder.decodeAll(bytes, out);
            bytes.discardReadBytes();
            for (Object o : out) {
                packets.add((MqttPacket) o);
                seen.add((MqttPacket) o);
            }
        }
        return packets.poll();
    }

    static String text(Publish p) {
        return p.payload().toString(StandardCharsets.UTF_8);
    }

    static Publish publish(String topic, int qos, int packetId, String payload) {
        return new Publish(false, qos, false, topic, packetId, Properties.EMPTY,
                Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
    }

    static ReasonCode reason(MqttPacket p) {
        return p instanceof Disconnect d ? d.reasonCode() : null;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        for (MqttPacket p : seen) {
            ReferenceCountUtil.release(p); // the decoded PUBLISH packets hold slices of the received bytes
        }
        bytes.release();
    }
}
