package io.wrenmq.broker.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client built on Netty's {@code WebSocketClientHandshaker} that sends MQTT bytes in frames cut
 * exactly as a test says (one byte per frame, several packets per frame, fragmented messages) and collects
 * what the broker sends: the byte stream, and how many frames it came in.
 */
final class RawWebSocketClient implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Void> handshake = new CompletableFuture<>();
    private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private final Channel channel;
    private int framesReceived;
    private final java.util.Set<Integer> frameEnds = new java.util.TreeSet<>();
    private final java.util.Set<Integer> packetEnds = new java.util.HashSet<>();
    private int readPos;

    private RawWebSocketClient(int port, String path, String subprotocol, SslContext tls, Map<String, String> headers)
            throws Exception {
        HttpHeaders custom = new DefaultHttpHeaders();
        headers.forEach(custom::add);
        URI uri = new URI((tls != null ? "wss" : "ws") + "://127.0.0.1:" + port + path);
        var handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, subprotocol, false,
                custom);
        Channel ch0 = null;
        try {
            ch0 = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), "127.0.0.1", port));
                }
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(handshaker, false), new Collector());
            }
        }).connect("127.0.0.1", port).sync().channel();
            ch0.closeFuture().addListener(f -> closeStatus.complete(-1));
            handshake.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (ch0 != null) {
                ch0.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            throw e;
        }
        channel = ch0;
    }

    static RawWebSocketClient connect(int port, String path, String subprotocol) throws Exception {
        return new RawWebSocketClient(port, path, subprotocol, null, Map.of());
    }

    static RawWebSocketClient connect(int port, String path, String subprotocol, SslContext tls, Map<String, String> headers)
            throws Exception {
        return new RawWebSocketClient(port, path, subprotocol, tls, headers);
    }

    /** Each array goes out as one complete binary frame. */
    void sendFrames(byte[]... frames) {
        for (byte[] f : frames) {
            channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(f)));
        }
        channel.flush();
    }

    /** {@code bytes} as complete binary frames of {@code size} bytes each (the last may be shorter). */
    void sendInFrames(byte[] bytes, int size) {
        for (int i = 0; i < bytes.length; i += size) {
            channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)))));
        }
        channel.flush();
    }

    /** {@code bytes} as ONE fragmented WebSocket message: a binary frame, then continuation frames of {@code size}. */
    void sendFragmented(byte[] bytes, int size) {
        for (int i = 0; i < bytes.length; i += size) {
            ByteBuf part = Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
            boolean last = i + size >= bytes.length;
            channel.write(i == 0 ? new BinaryWebSocketFrame(last, 0, part) : new ContinuationWebSocketFrame(last, 0, part));
        }
        channel.flush();
    }

    void sendText(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** The next MQTT packet from the byte stream (frames do not matter), waiting up to 5 s. */
    RawMqttClient.Frame nextPacket() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                RawMqttClient.Frame f = parse();
                if (f != null) {
                    return f;
                }
                wait(50);
            }
        }
        throw new AssertionError("no MQTT packet over WebSocket within 5 s");
    }

    synchronized int framesReceived() {
        return framesReceived;
    }

    /** Frame ends that fall inside a packet, among the packets read so far (none when the broker never splits one). */
    synchronized List<Integer> framesEndingInsideAPacket() {
        return frameEnds.stream().filter(e -> e <= readPos && !packetEnds.contains(e)).toList();
    }

    /** The status of the broker's close frame, or -1 when the socket closed without one. */
    int awaitClose() throws Exception {
        return closeStatus.get(5, TimeUnit.SECONDS);
    }

    private RawMqttClient.Frame parse() {
        byte[] b = received.toByteArray();
        int pos = readPos;
        if (b.length - pos < 2) {
            return null;
        }
        int len = 0;
        int shift = 0;
        int i = pos + 1;
        while (true) {
            if (i >= b.length) {
                return null;
            }
            int v = b[i++] & 0xFF;
            len |= (v & 0x7F) << shift;
            if ((v & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (b.length - i < len) {
            return null;
        }
        readPos = i + len;
        packetEnds.add(readPos);
        return new RawMqttClient.Frame((b[pos] & 0xFF) >>> 4, b[pos] & 0x0F, Arrays.copyOfRange(b, i, i + len));
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private final class Collector extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(null);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                closeStatus.complete(close.statusCode());
                return;
            }
            synchronized (RawWebSocketClient.this) {
                byte[] bytes = new byte[frame.content().readableBytes()];
                frame.content().readBytes(bytes);
                received.writeBytes(bytes);
                framesReceived++;
                frameEnds.add(received.size());
                RawWebSocketClient.this.notifyAll();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            ctx.close();
        }
    }
}
