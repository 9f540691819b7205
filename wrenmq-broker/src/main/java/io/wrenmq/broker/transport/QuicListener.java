package io.wrenmq.broker.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.listener.ConnectionInfo;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.QuicConfig;
import io.wrenmq.broker.metrics.BrokerMetrics;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A quic listener: one UDP socket with Netty's QUIC codec (quiche) in front. As EMQX does, MQTT runs over one
 * bidirectional stream per connection, opened by the client; that stream gets the same MQTT handlers as a TCP
 * socket ({@link MqttChannelInitializer#addMqtt}), and its end ends the QUIC connection. The client's address (bans,
 * ACL, REST, webhooks) is the QUIC connection's UDP peer.
 *
 * <p>All connections of one listener share the UDP socket's event loop (one socket, one loop); see docs/quic.md.
 *
 * <p>Buffers: the codec owns the UDP datagrams; what a stream reads reaches {@link MqttFrameHandler} with the same
 * ownership as a TCP socket's reads (it releases them), and what the MQTT handlers write the stream channel releases.
 */
public final class QuicListener {
    private static final Logger LOG = LoggerFactory.getLogger(QuicListener.class);

    /** The UDP socket's buffers, both ways. */
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    /** Set on a QUIC connection when the client opened its MQTT stream. */
    private static final AttributeKey<Boolean> HAS_STREAM = AttributeKey.valueOf("wrenmq.quicStream");

    private QuicListener() {
    }

    /** Why QUIC cannot run in this JVM (the native library did not load), or null when it can. */
    public static String unavailableReason() {
        if (Quic.isAvailable()) {
            return null;
        }
        Throwable cause = Quic.unavailabilityCause();
        return "the QUIC native library (netty-codec-native-quic) is not available for " + platform() + ": "
                + (cause == null ? "unknown cause" : cause.toString());
    }

    /** "linux-x86_64" style, as the native jars are classified. */
    public static String platform() {
        return System.getProperty("os.name", "?").toLowerCase(Locale.ROOT).replace(' ', '_') + "-"
                + System.getProperty("os.arch", "?");
    }

    /**
     * Binds the listener's UDP socket on one loop of {@code group}. Throws {@link TlsSetupException} for unusable TLS
     * files, and what {@link Bootstrap#bind} throws when the address is taken.
     */
    public static Channel bind(MqttChannelInitializer mqtt, EventLoopGroup group, BrokerMetrics metrics)
            throws InterruptedException {
        ListenerConfig l = mqtt.listener();
        QuicConfig q = l.quic();
        ChannelHandler codec = new QuicServerCodecBuilder()
                .sslContext(QuicServerTls.create(l))
                .maxIdleTimeout(q.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(q.streamWindow())
                .initialMaxStreamDataBidirectionalRemote(q.streamWindow())
                .initialMaxStreamDataBidirectionalLocal(q.streamWindow())
                // One MQTT stream per connection (EMQX's control stream); NanoMQ's multi-stream is not supported.
                .initialMaxStreamsBidirectional(1)
                .initialMaxStreamsUnidirectional(0)
                .tokenHandler(NoRetry.INSTANCE)
                .handler(new ConnectionEvents(l, mqtt.settings(), metrics, TlsHandshakeHandler.failureLog()))
                .streamHandler(new StreamInitializer(mqtt))
                .build();
        return new Bootstrap().group(group).channel(Transports.datagramChannel()).handler(codec)
                // Every client's first packets arrive on this one socket: with Linux's default 208 KB a burst of
                // connects (each Initial is 1200+ bytes) overflowed it, and each lost Initial cost the client a ~1 s
                // retransmission timeout (RFC 9002). The kernel caps this at net.core.rmem_max / wmem_max.
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .bind(l.host(), l.port()).sync().channel();
    }

    /** Each client stream: the accept-time checks, the client certificate, then the MQTT handlers. */
    private static final class StreamInitializer extends ChannelInitializer<QuicStreamChannel> {
        private final MqttChannelInitializer mqtt;

        StreamInitializer(MqttChannelInitializer mqtt) {
            this.mqtt = mqtt;
        }

        @Override
        protected void initChannel(QuicStreamChannel stream) {
            QuicChannel connection = stream.parent();
            connection.attr(HAS_STREAM).set(Boolean.TRUE);
            // The MQTT connection is the stream: when it ends (DISCONNECT, keep alive, takeover), so does QUIC's.
            stream.closeFuture().addListener(f -> connection.close());
            InetSocketAddress peer = connection.remoteSocketAddress() instanceof InetSocketAddress a ? a : null;
            InetSocketAddress local = connection.localSocketAddress() instanceof InetSocketAddress a ? a : null;
            if (!mqtt.admit(stream, peer, local)) {
                return;
            }
            ConnectionInfo.of(stream).peerCertificate(TlsHandshakeHandler.peerCertificate(connection.sslEngine()));
            mqtt.addMqtt(stream.pipeline());
        }
    }

    /**
     * On each QUIC connection: a failed QUIC/TLS handshake is counted and logged (rate limited), as for ssl listeners;
     * a connection that has not opened its MQTT stream within mqtt.connect_timeout is closed, as a TCP client that
     * sends no CONNECT is (it would otherwise hold its state until idle_timeout, and max_connections counts streams).
     */
    private static final class ConnectionEvents extends ChannelInboundHandlerAdapter {
        private final ListenerConfig listener;
        private final TransportSettings settings;
        private final BrokerMetrics metrics;
        private final RateLimitedLog failures;

        ConnectionEvents(ListenerConfig listener, TransportSettings settings, BrokerMetrics metrics, RateLimitedLog failures) {
            this.listener = listener;
            this.settings = settings;
            this.metrics = metrics;
            this.failures = failures;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            ScheduledFuture<?> noStream = ctx.executor().schedule(() -> {
                if (ch.attr(HAS_STREAM).get() == null && ch.isOpen()) {
                    LOG.debug("QUIC connection {} on {} opened no MQTT stream within {} ms: closing",
                            ((QuicChannel) ch).remoteSocketAddress(), listener.describe(), settings.connectTimeout().toMillis());
                    ch.close();
                }
            }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            ch.closeFuture().addListener(f -> noStream.cancel(false));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
                metrics.tlsHandshakeFailures.increment();
                failures.info("QUIC handshake with " + ((QuicChannel) ctx.channel()).remoteSocketAddress() + " on "
                        + listener.describe() + " failed: " + e.cause());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("QUIC connection {} on {}: {}", ((QuicChannel) ctx.channel()).remoteSocketAddress(),
                    listener.describe(), cause.toString());
            ctx.close();
        }
    }

    /**
     * No Retry round trip (RFC 9000 section 8.1.2): connect time matters on the links QUIC is for, and quiche still
     * limits what we send to an unvalidated address to 3x what it sent (anti-amplification, section 8.1). The codec
     * owns every buffer passed here; nothing is written or kept.
     */
    private static final class NoRetry implements QuicTokenHandler {
        static final NoRetry INSTANCE = new NoRetry();

        @Override
        public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
            return false;
        }

        @Override
        public int validateToken(ByteBuf token, InetSocketAddress address) {
            return 0;
        }

        @Override
        public int maxTokenLength() {
            return 0;
        }
    }
}
