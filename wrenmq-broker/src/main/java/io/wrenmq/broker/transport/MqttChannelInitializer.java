package io.wrenmq.broker.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.wrenmq.broker.BrokerContext;
import io.wrenmq.broker.ListenerConfig;
import io.wrenmq.broker.protocol.MqttConnection;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONE place that builds a connection's pipeline (DESIGN.md): frame decoder, then the protocol
 * handler. Transports that wrap the stream (TLS, WebSocket) will add their prefix handlers before
 * {@link ChannelHandlerNames#FRAME_DECODER}; nothing else changes.
 */
public final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttChannelInitializer.class);

    private final BrokerContext broker;
    private final ListenerConfig listener;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup allClients;

    public MqttChannelInitializer(BrokerContext broker, ListenerConfig listener, ChannelGroup allClients) {
        this.broker = broker;
        this.listener = listener;
        this.allClients = allClients;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (listener.maxConnections() > 0 && open.get() >= listener.maxConnections()) {
            LOG.warn("Listener {} is at max_connections ({}): refusing {}", listener.name(),
                    listener.maxConnections(), ch.remoteAddress());
            ch.close();
            return;
        }
        open.incrementAndGet();
        allClients.add(ch); // removed automatically on close
        ch.attr(ConnectionInfo.KEY).set(new ConnectionInfo(listener, ConnectionInfo.inet(ch.remoteAddress())));
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        ch.pipeline()
                .addLast(ChannelHandlerNames.FRAME_DECODER,
                        new MqttFrameHandler(broker.config().maxPacketSize(), broker.metrics()))
                .addLast(ChannelHandlerNames.CONNECTION, new MqttConnection(broker));
    }
}
