package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.MqttDecoder;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PingReq;
import io.wrenmq.codec.PingResp;
import io.wrenmq.codec.Publish;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fake MQTT server for tests that need to see or shape the wire: each accepted connection is a
 * {@link Peer} whose received packets wait in a queue and which sends whatever the test says. It decodes
 * with the codec's server-side decoder. Received PUBLISH payloads are copied to unpooled heap buffers (the
 * network slice is released at once), so tests need not release them.
 */
final class ScriptedServer implements AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final Channel server;

    ScriptedServer() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Peer peer = new Peer(ch);
                        ch.pipeline().addLast(new ByteToMessageDecoder() {
                            private final MqttDecoder decoder = new MqttDecoder(1 << 20);

                            @Override
                            protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                                Object o;
                                while (in.isReadable() && (o = decoder.decode(in)) != null) {
                                    out.add(o);
                                }
                            }
                        }, peer);
                        peers.add(peer);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The next connection (waits up to 10 s). */
    Peer accept() throws InterruptedException {
        Peer p = peers.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(p).as("a client connection").isNotNull();
        return p;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One client connection as the server sees it. */
    static final class Peer extends ChannelInboundHandlerAdapter {
        private final Channel channel;
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private volatile MqttVersion version;
        volatile boolean answerPings = true;
        volatile int pingsSeen;

        Peer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Connect) {
                version = ((Connect) msg).version();
            }
            if (msg instanceof PingReq) {
                pingsSeen++;
                if (answerPings) {
                    send(PingResp.INSTANCE);
                    return;
                }
            }
            if (msg instanceof Publish) {
                Publish p = (Publish) msg;
                Publish copy = new Publish(p.dup(), p.qos(), p.retained(), p.topic(), p.packetId(), p.properties(),
                        Unpooled.copiedBuffer(p.payload()));
                p.release();
                msg = copy;
            }
            received.add(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            received.add(Closed.INSTANCE);
        }

        MqttVersion version() {
            return version;
        }

        /** The next packet, which must be of {@code type} (waits up to 10 s). */
        <T extends MqttPacket> T expect(Class<T> type) throws InterruptedException {
            Object o = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(o).as("next packet").isInstanceOf(type);
            return type.cast(o);
        }

        /** Nothing arrives within {@code millis} (a bounded negative check, not a synchronisation). */
        void expectNothing(long millis) throws InterruptedException {
            assertThat(received.poll(millis, TimeUnit.MILLISECONDS)).as("unexpected packet").isNull();
        }

        /** Waits until the client closed the connection, skipping what it sent before. */
        void awaitClosed() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            Object o;
            do {
                o = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(o).as("connection closed").isNotNull();
            } while (o != Closed.INSTANCE);
        }

        void send(MqttPacket p) {
            channel.writeAndFlush(MqttEncoder.encode(channel.alloc(), p, version));
        }

        /** Bytes as they are, for malformed input. */
        void sendRaw(ByteBuf bytes) {
            channel.writeAndFlush(bytes);
        }

        void close() {
            channel.close().syncUninterruptibly();
        }
    }

    /** The marker queued when the client's connection closes. */
    enum Closed { INSTANCE }
}
