package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The SP-over-TCP connection header (sp-tcp-mapping-01, section 3; nng src/sp/transport/tcp/tcp.c): as soon as the
 * connection is up each side sends {@code 0x00 'S' 'P' 0x00}, its 16-bit big-endian protocol id and two reserved zero
 * bytes, then reads the peer's 8 bytes. nng refuses a header whose fixed bytes differ (NNG_EPROTO) and the protocol
 * refuses a peer that is not its valid peer; so do we, with a rate-limited log line. On success the framing handlers
 * replace this one and bytes already read past the header are passed on to them (ByteToMessageDecoder does that on
 * removal), so a peer may send its first message in the same segment as its header.
 *
 * <p>ByteBuf ownership: the inbound cumulation is ByteToMessageDecoder's; the outbound header is handed to Netty.
 */
final class NngHandshake extends ByteToMessageDecoder {
    static final int LENGTH = 8;

    private final NngSocket socket;
    private ScheduledFuture<?> timeout;

    NngHandshake(NngSocket socket) {
        this.socket = socket;
    }

    static void writeHeader(ByteBuf out, int protocolId) {
        out.writeByte(0).writeByte('S').writeByte('P').writeByte(0).writeShort(protocolId).writeShort(0);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ByteBuf header = ctx.alloc().buffer(LENGTH);
        writeHeader(header, socket.protocol().id());
        ctx.writeAndFlush(header, ctx.voidPromise());
        long millis = socket.options().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> socket.refuse(ctx.channel(),
                "no SP header within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeout();
        super.channelInactive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < LENGTH) {
            return;
        }
        int at = in.readerIndex();
        boolean fixedBytesOk = in.getByte(at) == 0 && in.getByte(at + 1) == 'S' && in.getByte(at + 2) == 'P'
                && in.getByte(at + 3) == 0 && in.getShort(at + 6) == 0;
        int peer = in.getUnsignedShort(at + 4);
        in.skipBytes(LENGTH);
        if (!fixedBytesOk) {
            in.skipBytes(in.readableBytes());
            socket.refuse(ctx.channel(), "not an SP connection header (" + hex(in, at) + ")");
            return;
        }
        if (peer != socket.protocol().peerId()) {
            in.skipBytes(in.readableBytes());
            socket.refuse(ctx.channel(), "peer protocol " + Protocol.nameOf(peer) + " is not a valid peer of "
                    + socket.protocol().label() + " (expects " + Protocol.nameOf(socket.protocol().peerId()) + ")");
            return;
        }
        cancelTimeout();
        if (socket.pipeUp(ctx.channel())) {
            ctx.pipeline().remove(this);
        } else {
            in.skipBytes(in.readableBytes());
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private static String hex(ByteBuf in, int at) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < LENGTH; i++) {
            sb.append(String.format("%02x", in.getUnsignedByte(at + i)));
        }
        return sb.toString();
    }
}
