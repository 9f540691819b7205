package io.wrenmq.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.MqttVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare QUIC stream to a broker for tests that need a client breaking the rules wrenmq-client keeps (e.g. never
 * sending PINGREQ): writes packets it is given, counts the bytes it reads (and releases them).
 */
final class RawQuicStream implements AutoCloseable {
    private final EventLoopGroup group = ClientTransport.group(1, "raw-quic");
    private final Channel udp;
    final QuicChannel quic;
    final QuicStreamChannel stream;
    final AtomicInteger bytesRead = new AtomicInteger();

    RawQuicStream(int port, QuicSslContext tls) throws Exception {
        this(port, tls, true);
    }

    /** {@code openStream} false: the QUIC handshake only, no MQTT stream ({@link #stream} is null). */
    RawQuicStream(int port, QuicSslContext tls, boolean openStream) throws Exception {
        udp = new Bootstrap().group(group).channel(ClientTransport.datagramClass(group))
                .handler(new QuicClientCodecBuilder()
                        .sslEngineProvider(q -> tls.newEngine(q.alloc(), "127.0.0.1", port)).maxIdleTimeout(60, TimeUnit.SECONDS)
                        .initialMaxData(1 << 20).initialMaxStreamDataBidirectionalLocal(1 << 20).build())
                .bind(0).sync().channel();
        quic = QuicChannel.newBootstrap(udp).remoteAddress(new InetSocketAddress("127.0.0.1", port))
                .handler(new ChannelInboundHandlerAdapter()).connect().get(10, TimeUnit.SECONDS);
        if (!openStream) {
            stream = null;
            return;
        }
        stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                bytesRead.addAndGet(((ByteBuf) msg).readableBytes());
                ReferenceCountUtil.release(msg);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    void send(MqttPacket packet, MqttVersion version) {
        stream.writeAndFlush(MqttEncoder.encode(stream.alloc(), packet, version)).syncUninterruptibly();
    }

    @Override
    public void close() {
        udp.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
