package io.wrenmq.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.wrenmq.codec.DecodeFailure;
import io.wrenmq.codec.MqttDecoder;
import io.wrenmq.codec.MqttVersion;
import java.util.List;

/**
 * Bytes from the server to packets, with the codec's client-side decoder: every whole frame of a read is
 * decoded in one pass. A {@link DecodeFailure} is passed on once and the rest of the input is discarded;
 * {@link Connection} answers it and closes.
 *
 * <p>Ownership: a decoded PUBLISH holds a retained slice of the cumulation; the next handler must release
 * it. ByteToMessageDecoder copies instead of compacting a cumulation that such a slice still shares.
 */
final class ClientFrameDecoder extends ByteToMessageDecoder {
    private final MqttDecoder decoder;

    ClientFrameDecoder(MqttVersion version, int maxPacketSize) {
        this.decoder = MqttDecoder.forClient(version, maxPacketSize);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decoder.decodeAll(in, out);
    }
}
