package io.wrenmq.broker.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.wrenmq.broker.limits.ConnectionGate;
import io.wrenmq.broker.listener.ChannelHandlerNames;
import io.wrenmq.broker.listener.ConnectionInfo;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.protocol.BrokerContext;
import io.wrenmq.broker.protocol.MqttConnection;
import java.net.InetSocketAddress;

/**
 * The ONE place that builds a connection's pipeline (DESIGN.md): frame decoder, then the protocol
 * handler. Transports that wrap the stream add only their prefix before {@link ChannelHandlerNames#FRAME_DECODER}:
 * ssl = TLS; ws = HTTP upgrade + WebSocket frames; wss = TLS, then WebSocket; quic = nothing (the QUIC codec on the
 * UDP channel does TLS and hands each stream here, see {@link QuicListener}). The TLS context is built once, when the
 * listener starts.
 */
public final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final BrokerContext broker;
    private final TransportSettings settings;
    private final ListenerConfig listener;
    private final ConnectionGate gate;
    private final ChannelGroup allClients;
    private final ServerTlsContext tls;
    private final RateLimitedLog tlsFailures = TlsHandshakeHandler.failureLog();

    /** Throws {@link TlsSetupException} when the listener's TLS files or settings are unusable. */
    public MqttChannelInitializer(BrokerContext broker, TransportSettings settings, ListenerConfig listener,
            ChannelGroup allClients) {
        this.broker = broker;
        this.settings = settings;
        this.listener = listener;
        this.allClients = allClients;
        this.gate = broker.limits().gate(listener);
        this.tls = listener.kind().tlsOverTcp() ? ServerTlsContext.create(listener) : null;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!admit(ch, ch.remoteAddress(), ch.localAddress())) {
            return;
        }
        if (tls != null) {
            ch.pipeline()
                    .addLast(ChannelHandlerNames.TLS, tls.newHandler(ch.alloc()))
                    .addLast(ChannelHandlerNames.TLS_HANDSHAKE, new TlsHandshakeHandler(listener, broker.metrics(), tlsFailures));
        }
        if (listener.kind().webSocket()) {
            addWebSocket(ch.pipeline());
        }
        addMqtt(ch.pipeline());
    }

    /**
     * The accept-time checks (banned address, max_connections, max_conn_rate) for a connection whose transport peer
     * is {@code peer} (and our side {@code local}); when admitted, the connection is tracked and its {@link ConnectionInfo} set. A refused channel
     * has been closed.
     */
    boolean admit(Channel ch, InetSocketAddress peer, InetSocketAddress local) {
        ch.attr(ConnectionInfo.KEY).set(new ConnectionInfo(listener, peer, local));
        if (!gate.admit(ch, peer)) {
            return false;
        }
        allClients.add(ch); // removed automatically on close
        return true;
    }

    /** The MQTT handlers every transport ends with, after its prefix. */
    void addMqtt(ChannelPipeline p) {
        p.addLast(ChannelHandlerNames.FRAME_DECODER, new MqttFrameHandler(settings.maxPacketSize(), broker.metrics()))
                .addLast(ChannelHandlerNames.CONNECTION, new MqttConnection(broker));
    }

    ListenerConfig listener() {
        return listener;
    }

    TransportSettings settings() {
        return settings;
    }

    private void addWebSocket(ChannelPipeline p) {
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(listener.webSocketPath())
                .checkStartsWith(true) // "/mqtt?token=..." too; other paths were refused by the guard
                .subprotocols(String.join(",", WebSocketUpgradeGuard.SUBPROTOCOLS))
                .handshakeTimeoutMillis(settings.connectTimeout().toMillis())
                .dropPongFrames(true)
                // One frame may carry a whole packet of the largest allowed size (plus its fixed header).
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(settings.maxPacketSize() + 5).build())
                .build();
        p.addLast(ChannelHandlerNames.HTTP_CODEC, new HttpServerCodec())
                .addLast(ChannelHandlerNames.HTTP_AGGREGATOR, new HttpObjectAggregator(8192))
                .addLast(ChannelHandlerNames.WEBSOCKET_UPGRADE, new WebSocketUpgradeGuard(listener))
                .addLast(ChannelHandlerNames.WEBSOCKET_PROTOCOL, new WebSocketServerProtocolHandler(ws))
                .addLast(ChannelHandlerNames.WEBSOCKET_FRAMES, new WebSocketFrameAdapter());
    }
}
