package io.wrenmq.broker.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.wrenmq.broker.BrokerContext;
import io.wrenmq.broker.ListenerConfig;
import io.wrenmq.broker.protocol.MqttConnection;
import io.wrenmq.broker.limits.ConnectionGate;

/**
 * The ONE place that builds a connection's pipeline (DESIGN.md): frame decoder, then the protocol
 * handler. Transports that wrap the stream (TLS, WebSocket) will add their prefix handlers before
 * {@link ChannelHandlerNames#FRAME_DECODER}; nothing else changes.
 */
public final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final BrokerContext broker;
    private final ListenerConfig listener;
    private final ConnectionGate gate;
    private final ChannelGroup allClients;

    public MqttChannelInitializer(BrokerContext broker, ListenerConfig listener, ChannelGroup allClients) {
        this.broker = broker;
        this.listener = listener;
        this.allClients = allClients;
        this.gate = broker.limits().gate(listener);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!gate.admit(ch)) { // banned address, max_connections, max_conn_rate: closed and counted
            return;
        }
        allClients.add(ch); // removed automatically on close
        ch.attr(ConnectionInfo.KEY).set(new ConnectionInfo(listener, ConnectionInfo.inet(ch.remoteAddress())));
        ch.pipeline()
                .addLast(ChannelHandlerNames.FRAME_DECODER,
                        new MqttFrameHandler(broker.config().maxPacketSize(), broker.metrics()))
                .addLast(ChannelHandlerNames.CONNECTION, new MqttConnection(broker));
    }
}
