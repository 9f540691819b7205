package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteOrder;

/**
 * SP-over-TCP messages (sp-tcp-mapping-01, section 4): a 64-bit big-endian length, then that many bytes. The length is
 * checked against the socket's limit before the body is awaited (nng: NNG_OPT_RECVMAXSZ), so an oversized or absurd
 * length closes the pipe at once instead of buffering. Emits each body as a retained slice of the cumulation, owned by
 * the next handler.
 */
final class NngFrameDecoder extends LengthFieldBasedFrameDecoder {
    private final int maxMessageSize;

    NngFrameDecoder(int maxMessageSize) {
        super(ByteOrder.BIG_ENDIAN, maxMessageSize + 8, 0, 8, 0, 8, true);
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long size = buf.getLong(offset);
        if (size < 0) {
            throw new CorruptedFrameException("message length 0x" + Long.toHexString(size) + " is not a valid length");
        }
        if (size > maxMessageSize) {
            throw new TooLongFrameException("message of " + size + " bytes exceeds the limit of " + maxMessageSize
                    + " bytes");
        }
        return size;
    }
}
