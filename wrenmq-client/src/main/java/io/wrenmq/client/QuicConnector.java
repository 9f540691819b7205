package io.wrenmq.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.codec.quic.SslEarlyDataReadyEvent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Opens one MQTT connection over QUIC: a UDP socket with Netty's QUIC codec, the QUIC handshake (ALPN "mqtt", SNI
 * the host), then one bidirectional stream that carries MQTT, as EMQX's listener expects. The stream's pipeline is the
 * same as a TCP socket's. When the TLS session of an earlier connection to the same host:port can be resumed with
 * early data, the stream is opened at once and CONNECT goes out as 0-RTT data (RFC 9001 section 4.6).
 *
 * <p>Closing: the stream's end closes the UDP socket (and with it the QUIC connection); before the stream exists,
 * {@link Connection#close} closes the UDP socket, which fails the handshake and reports through {@code failed}.
 */
final class QuicConnector {
    /** 8 MiB flow-control windows, as the broker's listener: a 1 MB PUBLISH needs no window update round trip. */
    private static final long WINDOW = 8L * 1024 * 1024;

    private final ClientConfig config;
    private final Connection connection;
    private final ChannelHandler mqtt;
    private final Consumer<Throwable> failed;
    private boolean streamOpened;
    private boolean timedOut;

    private QuicConnector(ClientConfig config, Connection connection, ChannelHandler mqtt, Consumer<Throwable> failed) {
        this.config = config;
        this.connection = connection;
        this.mqtt = mqtt;
        this.failed = failed;
    }

    /** Starts connecting on {@code loop}; {@code failed} hears once of a failure before the stream is up. */
    static void open(EventLoop loop, ClientConfig config, Connection connection, ChannelHandler mqtt,
            Consumer<Throwable> failed) {
        new QuicConnector(config, connection, mqtt, failed).start(loop);
    }

    private void start(EventLoop loop) {
        if (!Quic.isAvailable()) { // no native library for this platform (docs/quic.md)
            failed.accept(new IllegalStateException("MQTT over QUIC is not available on " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + ": " + Quic.unavailabilityCause()));
            return;
        }
        QuicSslContext tls = (QuicSslContext) config.tls();
        QuicOptions q = config.quic();
        ChannelHandler codec = new QuicClientCodecBuilder()
                // Host and port key the TLS session cache: what lets the next connection resume with 0-RTT.
                .sslEngineProvider(ch -> tls.newEngine(ch.alloc(), config.host(), config.port()))
                .maxIdleTimeout(q.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxAckDelay(q.maxAckDelay().toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(WINDOW)
                .initialMaxStreamDataBidirectionalLocal(WINDOW)
                .initialMaxStreamDataBidirectionalRemote(WINDOW)
                .build();
        ChannelFuture bound = new Bootstrap().group(loop).channel(ClientTransport.datagramClass(loop)).handler(codec)
                .bind(0);
        Channel udp = bound.channel();
        connection.attach(udp); // a close() before the stream is up ends the attempt
        long timeout = Math.min(q.handshakeTimeout().toMillis(), config.connectTimeout().toMillis());
        ScheduledFuture<?> timer = loop.schedule(() -> {
            timedOut = true;
            udp.close();
        }, timeout, TimeUnit.MILLISECONDS);
        bound.addListener((ChannelFuture b) -> {
            if (!b.isSuccess()) {
                timer.cancel(false);
                failed.accept(b.cause());
                return;
            }
            QuicChannel.newBootstrap(udp)
                    .handler(new EarlyData())
                    .remoteAddress(new InetSocketAddress(config.host(), config.port()))
                    .connect()
                    .addListener((Future<QuicChannel> f) -> {
                        timer.cancel(false);
                        if (!f.isSuccess()) {
                            udp.close();
                            if (!streamOpened) { // else the 0-RTT stream's end reports it (Connection.channelInactive)
                                failed.accept(timedOut ? new ConnectTimeoutException("QUIC handshake") : f.cause());
                            }
                        } else {
                            openStream(f.getNow(), false);
                        }
                    });
        });
    }

    /** Opens the MQTT stream once: at the early-data event (0-RTT) or after the handshake. */
    private void openStream(QuicChannel quic, boolean early) {
        if (streamOpened) {
            return;
        }
        streamOpened = true;
        connection.earlyData(early);
        quic.createStream(QuicStreamType.BIDIRECTIONAL, mqtt).addListener((Future<QuicStreamChannel> s) -> {
            if (!s.isSuccess()) {
                quic.parent().close();
                failed.accept(s.cause());
                return;
            }
            Channel udp = quic.parent();
            s.getNow().closeFuture().addListener(c -> udp.close());
        });
    }

    /** On the QUIC channel: a resumable session with early data lets us send CONNECT before the handshake ends. */
    private final class EarlyData extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslEarlyDataReadyEvent && config.quic().earlyData()) {
                openStream((QuicChannel) ctx.channel(), true);
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
