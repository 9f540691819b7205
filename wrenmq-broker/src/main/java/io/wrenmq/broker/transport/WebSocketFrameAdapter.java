package io.wrenmq.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the WebSocket protocol handler and the MQTT frame decoder. Inbound, the content of binary and
 * continuation frames goes on as a plain byte stream: the frame decoder reassembles packets however the
 * client split or packed them. A text frame closes the connection [MQTT-6.0.0-1]. Outbound, the bytes written
 * between two flushes go out as one binary frame, so a packet written in parts (a PUBLISH's header and
 * payload) is never split across frames.
 *
 * <p>Buffers: an inbound frame's content is handed on (the frame decoder releases it); outbound buffers are
 * owned by the pending composite until it is written as a frame, or released when the channel goes away.
 */
final class WebSocketFrameAdapter extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrameAdapter.class);

    private CompositeByteBuf pending;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            ctx.fireChannelRead(((WebSocketFrame) msg).content());
        } else if (msg instanceof WebSocketFrame) {
            // Text frames: MQTT travels in binary frames only [MQTT-6.0.0-1].
            ReferenceCountUtil.release(msg);
            LOG.debug("Closing WebSocket connection {}: a non-binary data frame [MQTT-6.0.0-1]", ctx.channel().remoteAddress());
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "MQTT needs binary frames")).addListener(ChannelFutureListener.CLOSE);
        } else if (msg instanceof HttpObject) {
            // HTTP that the WebSocket handshake did not take: nothing MQTT can use.
            ReferenceCountUtil.release(msg);
            ctx.close();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf)) {
            ctx.write(msg, promise);
            return;
        }
        if (pending == null) {
            pending = ctx.alloc().compositeBuffer(64);
        }
        pending.addComponent(true, (ByteBuf) msg);
        if (!promise.isVoid()) {
            // Someone waits for this write (e.g. to close after it): send what is pending now, with its promise.
            CompositeByteBuf frame = pending;
            pending = null;
            ctx.write(new BinaryWebSocketFrame(frame), promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (pending != null) {
            CompositeByteBuf frame = pending;
            pending = null;
            ctx.write(new BinaryWebSocketFrame(frame), ctx.voidPromise());
        }
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
