package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One established connection ("pipe" in SP terms) after the handshake: applies the protocol's receive rules and
 * hands messages to the socket's handler. PUB discards what a subscriber sends (nng pub0 does the same). PAIR1 takes
 * the 32-bit hop count off the front: a message shorter than 4 bytes or with a count above 255 is malformed and
 * closes the pipe; one above the hop limit is dropped and the pipe stays (nng pair1_pipe_recv_cb). SUB keeps what
 * matches a subscribed prefix.
 *
 * <p>ByteBuf ownership: each frame is a retained slice from {@link NngFrameDecoder}; SimpleChannelInboundHandler
 * releases it after {@link #channelRead0}, so the handler only borrows it.
 */
final class NngPipe extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(NngPipe.class);
    /** nng refuses a PAIR1 hop count above this as malformed, whatever the TTL. */
    private static final long MAX_HOP_FIELD = 0xff;

    private final NngSocket socket;

    NngPipe(NngSocket socket) {
        super(ByteBuf.class);
        this.socket = socket;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf body) {
        Protocol protocol = socket.protocol();
        if (protocol == Protocol.PUB0) {
            return;
        }
        if (protocol == Protocol.PAIR1) {
            long hops = body.readableBytes() < 4 ? -1 : body.readUnsignedInt();
            if (hops < 0 || hops > MAX_HOP_FIELD) {
                socket.refuse(ctx.channel(), "malformed pair1 message (" + (hops < 0 ? "no hop count" : "hop count "
                        + hops) + ")");
                return;
            }
            if (hops > socket.options().maxHops()) {
                socket.counters().filtered.increment();
                return;
            }
        }
        if (protocol == Protocol.SUB0 && !socket.subscriptions().matches(body)) {
            socket.counters().filtered.increment();
            return;
        }
        socket.counters().received.increment();
        try {
            socket.handler().onMessage(socket, body);
        } catch (RuntimeException e) {
            LOG.warn("NNG {} socket {}: message handler failed", protocol.label(), socket.url(), e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        socket.pipeDown(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            socket.refuse(ctx.channel(), cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("NNG {} socket {}: pipe {} failed: {}", socket.protocol().label(), socket.url(),
                    ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("NNG {} socket {}: pipe {} failed", socket.protocol().label(), socket.url(),
                    ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }
}
