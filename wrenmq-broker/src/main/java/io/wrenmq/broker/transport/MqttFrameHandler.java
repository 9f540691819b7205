package io.wrenmq.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.codec.DecodeFailure;
import io.wrenmq.codec.MqttDecoder;
import java.util.List;

/**
 * Turns the byte stream into packets with {@link MqttDecoder}: every whole frame in the buffer is decoded
 * in one pass (one read, many packets). After a {@link DecodeFailure} the rest of the input is discarded;
 * the protocol handler answers the failure and closes.
 */
public final class MqttFrameHandler extends ByteToMessageDecoder {
    private final MqttDecoder decoder;
    private final BrokerMetrics metrics;

    public MqttFrameHandler(int maxPacketSize, BrokerMetrics metrics) {
        this.decoder = new MqttDecoder(maxPacketSize);
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf) {
            metrics.bytesReceived.add(((ByteBuf) msg).readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decoder.decodeAll(in, out);
    }
}
