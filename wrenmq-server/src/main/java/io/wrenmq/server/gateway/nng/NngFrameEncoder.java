package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a message as SP-over-TCP frames: the 64-bit big-endian length, then (PAIR1 only) the 32-bit hop count, then
 * the body. The hop count is 1: nng's cooked pair1 send starts a message at 0 and {@code pair1_pipe_send} adds one
 * as the message leaves on a pipe. The header and the body go out as two buffers (one gathering write), so the body
 * is never copied. Takes ownership of the body (MessageToMessageEncoder releases it after passing on a retained one).
 */
@Sharable
final class NngFrameEncoder extends MessageToMessageEncoder<ByteBuf> {
    private final boolean hopCount;

    NngFrameEncoder(Protocol protocol) {
        super(ByteBuf.class);
        this.hopCount = protocol == Protocol.PAIR1;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf body, List<Object> out) {
        int extra = hopCount ? 4 : 0;
        ByteBuf header = ctx.alloc().buffer(8 + extra);
        header.writeLong((long) body.readableBytes() + extra);
        if (hopCount) {
            header.writeInt(1);
        }
        out.add(header);
        out.add(body.retain());
    }
}
