package io.wrenmq.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.listener.ChannelHandlerNames;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connection after the packet that says why (a v5 DISCONNECT or a refusing CONNACK) so that the client gets
 * to read it. Closing a socket whose receive buffer still holds bytes the client sent makes the kernel answer with
 * a TCP reset instead of FIN, and a client that gets the reset may lose what it had not read yet: exactly that
 * packet. So the broker writes and flushes the packet, ends the TLS session (close_notify) and the WebSocket (a
 * Close frame), half-closes (FIN), then reads and discards whatever the client still sends until the client closes
 * its side (end of stream) or the drain time passes, and only then closes.
 *
 * <p>The discarding handler goes first in the pipeline, before TLS, WebSocket and MQTT decoding, so nothing more is
 * decoded; every buffer it gets is released. Reading is switched on for the drain whatever held it (a rate limit,
 * an ACL decision, authentication). Runs on the channel's event loop.
 */
public final class GracefulClose {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulClose.class);

    private GracefulClose() {
    }

    /**
     * Writes {@code lastPacket} (this method owns it from now on) and closes as described above, within
     * {@code drainTimeout}; {@link Duration#ZERO}, or a channel that cannot half-close, closes right after the write.
     */
    public static void closeAfter(Channel channel, ByteBuf lastPacket, Duration drainTimeout) {
        if (channel.pipeline().get(ChannelHandlerNames.CLOSE_DRAIN) != null) {
            ReferenceCountUtil.release(lastPacket); // already closing: the first reason stands
            return;
        }
        if (drainTimeout.isZero() || !(channel instanceof DuplexChannel) || !channel.isActive()) {
            channel.writeAndFlush(lastPacket).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        channel.pipeline().addFirst(ChannelHandlerNames.CLOSE_DRAIN, new Discard());
        channel.config().setAutoRead(true);
        ChannelFuture written = channel.writeAndFlush(lastPacket);
        if (channel.pipeline().get(ChannelHandlerNames.WEBSOCKET_FRAMES) != null) {
            written = channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        }
        written.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                channel.close(); // the client is gone already
                return;
            }
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            ChannelFuture ended = tls != null ? tls.closeOutbound() : channel.newSucceededFuture();
            ended.addListener(e -> halfClose(channel));
        });
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                LOG.debug("{} did not close its side within {} ms of the broker's last packet: closing",
                        channel.remoteAddress(), drainTimeout.toMillis());
                channel.close();
            }
        }, drainTimeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> timer.cancel(false));
    }

    private static void halfClose(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        ((DuplexChannel) channel).shutdownOutput().addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                channel.close();
            }
        });
    }

    /**
     * First in the pipeline while draining: releases every inbound buffer without decoding it; the end of the client's
     * stream (or a reset) closes the channel. Read-complete events still pass, so the read batch that ended the
     * connection is finished as usual (its routed messages are handed over).
     */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.close(); // only seen with half-closure allowed; otherwise Netty closes on end of stream itself
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("While draining {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
