package io.wrenmq.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.MqttVersion;

/**
 * How a connection's helpers answer the client: each packet is encoded for the negotiated version, counted in the
 * bytes sent, and written; the channel is flushed once at the end of the event loop turn, not once per packet. Once
 * the connection is ending ({@link #stop()}) nothing more is written: an acknowledgement whose store commit came late
 * must not reach a socket that is half-closed already. Used on the channel's event loop only.
 */
final class PacketWriter {
    private final Channel channel;
    private final EventLoop loop;
    private final MqttVersion version;
    private final BrokerMetrics metrics;
    private final Runnable flushTask = this::flushNow;
    private boolean flushPending;
    private boolean stopped;

    PacketWriter(Channel channel, MqttVersion version, BrokerMetrics metrics) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.version = version;
        this.metrics = metrics;
    }

    /** Encodes and writes a packet; flushed once at the end of this loop turn. */
    void write(MqttPacket packet) {
        if (stopped) {
            return;
        }
        ByteBuf buf = MqttEncoder.encode(channel.alloc(), packet, version);
        metrics.bytesSent.add(buf.readableBytes());
        channel.write(buf, channel.voidPromise());
        scheduleFlush();
    }

    /**
     * Writes a PUBLISH as its encoded header and its payload; takes over one reference of each (the payload is the
     * subscriber's duplicate of the buffer all subscribers share).
     */
    void writePublish(ByteBuf header, ByteBuf payload) {
        if (stopped) {
            header.release();
            payload.release();
            return;
        }
        metrics.bytesSent.add(header.readableBytes() + payload.readableBytes());
        channel.write(header, channel.voidPromise());
        channel.write(payload, channel.voidPromise());
        scheduleFlush();
    }

    /** The connection is ending: later packets are dropped. */
    void stop() {
        stopped = true;
    }

    MqttVersion version() {
        return version;
    }

    private void scheduleFlush() {
        if (!flushPending) {
            flushPending = true;
            loop.execute(flushTask);
        }
    }

    private void flushNow() {
        flushPending = false;
        channel.flush();
    }
}
