package io.wrenmq.broker.transport;

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

/**
 * The ONE place that builds a connection's pipeline (DESIGN.md): frame decoder, then the protocol
 * handler. Transports that wrap the stream add only their prefix before {@link ChannelHandlerNames#FRAME_DECODER}:
 * ssl = TLS; ws = HTTP upgrade + WebSocket frames; wss = TLS, then WebSocket. The TLS context is built once,
 * when the listener starts.
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
        this.tls = listener.kind().tls() ? ServerTlsContext.create(listener) : null;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!gate.admit(ch)) { // banned address, max_connections, max_conn_rate: closed and counted
            return;
        }
        allClients.add(ch); // removed automatically on close
        ch.attr(ConnectionInfo.KEY).set(new ConnectionInfo(listener, ch.remoteAddress()));
        if (tls != null) {
            ch.pipeline()
                    .addLast(ChannelHandlerNames.TLS, tls.newHandler(ch.alloc()))
                    .addLast(ChannelHandlerNames.TLS_HANDSHAKE, new TlsHandshakeHandler(listener, broker.metrics(), tlsFailures));
        }
        if (listener.kind().webSocket()) {
            addWebSocket(ch.pipeline());
        }
        ch.pipeline()
                .addLast(ChannelHandlerNames.FRAME_DECODER,
                        new MqttFrameHandler(settings.maxPacketSize(), broker.metrics()))
                .addLast(ChannelHandlerNames.CONNECTION, new MqttConnection(broker));
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
