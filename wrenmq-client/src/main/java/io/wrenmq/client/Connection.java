package io.wrenmq.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.DecodeFailure;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PingReq;
import io.wrenmq.codec.PingResp;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network connection of a client: sends CONNECT when the socket is up, waits (bounded) for the CONNACK,
 * keeps the connection alive with PINGREQ, holds what lives only as long as the connection (server limits,
 * topic aliases both ways) and hands every other packet to the {@link ClientSession}. It is the last
 * inbound handler of its pipeline and runs on the client's event loop, like the session.
 *
 * <p>Ownership: a PUBLISH read here is released by {@link InboundPublishes}; one arriving before the CONNACK
 * is released here. {@link #write} encodes at once into a buffer that the channel owns and releases.
 */
final class Connection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final String IDLE_HANDLER = "keepalive";

    private final ClientSession session;
    private final ClientConfig config;
    private final MqttVersion version;
    private final String clientId;
    private Channel channel;
    private ScheduledFuture<?> connackTimeout;
    private ScheduledFuture<?> pingTimeout;
    private boolean connected;
    /** MQTT over QUIC: the stream was opened with 0-RTT early data (a resumed TLS session). */
    private boolean earlyData;
    private int keepAlive;
    /** Why the connection ended when we know better than "closed by the server". */
    private MqttClientException closeReason;

    ServerLimits limits;
    TopicAliases outboundAliases;
    final TopicAliases inboundAliases;

    Connection(ClientSession session, ClientConfig config, String clientId) {
        this.session = session;
        this.config = config;
        this.version = config.version();
        this.clientId = clientId;
        this.inboundAliases = new TopicAliases(version.isV5() ? config.topicAliasMaximum() : 0);
    }

    /** The channel being connected; set before any packet can flow. */
    void attach(Channel channel) {
        this.channel = channel;
    }

    void earlyData(boolean value) {
        earlyData = value;
    }

    boolean earlyData() {
        return earlyData;
    }

    MqttVersion version() {
        return version;
    }

    boolean isConnected() {
        return connected;
    }

    Channel channel() {
        return channel;
    }

    /** Encodes and writes one packet; the encoder never takes the PUBLISH payload's reference. */
    ChannelFuture write(MqttPacket packet) {
        return channel.writeAndFlush(MqttEncoder.encode(channel.alloc(), packet, version));
    }

    /** Like {@link #write}, for packets whose outcome nobody waits for (failures still reach exceptionCaught). */
    void send(MqttPacket packet) {
        channel.writeAndFlush(MqttEncoder.encode(channel.alloc(), packet, version), channel.voidPromise());
    }

    /** Closes because of {@code reason}; the first reason given wins and reaches onConnectionLost. */
    void close(MqttClientException reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        channel.close();
    }

    /**
     * A broken rule on the server's side: a v5 client tells the server why with DISCONNECT before it closes
     * (section 4.13.1); a v3 client just closes [MQTT-4.8.0-1].
     */
    void protocolError(ReasonCode reason, String message) {
        LOG.warn("Closing the connection to {}: {}", config.address(), message);
        MqttClientException e = new MqttClientException("Protocol error by the server at " + config.address()
                + ": " + message, reason, null);
        if (version.isV5() && connected && channel.isActive()) {
            write(new Disconnect(reason, Properties.EMPTY)).addListener(ChannelFutureListener.CLOSE);
            if (closeReason == null) {
                closeReason = e;
            }
        } else {
            close(e);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel(); // may run before attach() when the connect completes at once
        send(buildConnect());
        long timeout = config.connectTimeout().toMillis();
        connackTimeout = ctx.executor().schedule(() -> close(new MqttClientException("Timed out after "
                + seconds(timeout) + " waiting for CONNACK from " + config.address())), timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    private Connect buildConnect() {
        Properties properties = Properties.EMPTY;
        if (version.isV5()) {
            Properties.Builder p = config.connectUserProperties().toBuilder();
            if (config.sessionExpiryInterval() > 0) {
                p.put(PropertyId.SESSION_EXPIRY_INTERVAL, config.sessionExpiryInterval());
            }
            if (config.receiveMaximum() != 65535) {
                p.put(PropertyId.RECEIVE_MAXIMUM, config.receiveMaximum());
            }
            if (config.topicAliasMaximum() > 0) {
                p.put(PropertyId.TOPIC_ALIAS_MAXIMUM, config.topicAliasMaximum());
            }
            if (config.maximumPacketSize() > 0) {
                p.put(PropertyId.MAXIMUM_PACKET_SIZE, config.maximumPacketSize());
            }
            properties = p.build();
        }
        return new Connect(version, config.cleanStart(), config.keepAlive(), clientId,
                config.will(), config.username(), config.password(), properties);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DecodeFailure) {
            DecodeFailure f = (DecodeFailure) msg;
            protocolError(f.reason(), f.message());
        } else if (!connected) {
            if (msg instanceof Connack) {
                onConnack((Connack) msg);
            } else {
                ReferenceCountUtil.release(msg);
                // [MQTT-3.2.0-1]: the first packet from the server is CONNACK.
                protocolError(ReasonCode.PROTOCOL_ERROR, "expected CONNACK, got " + ((MqttPacket) msg).type());
            }
        } else if (msg instanceof PingResp) {
            cancel(pingTimeout);
            pingTimeout = null;
        } else if (msg instanceof Disconnect) {
            onDisconnect((Disconnect) msg);
        } else {
            session.onPacket(this, (MqttPacket) msg);
        }
    }

    private void onConnack(Connack c) {
        cancel(connackTimeout);
        if (c.reasonCode().isError()) {
            String reasonString = c.properties().getString(PropertyId.REASON_STRING);
            close(new MqttClientException("CONNACK refused by " + config.address() + ": "
                    + MqttClientException.describe(c.reasonCode()) + (reasonString != null ? " - " + reasonString : ""),
                    c.reasonCode(), null));
            return;
        }
        connected = true;
        limits = ServerLimits.of(c.properties());
        outboundAliases = new TopicAliases(version.isV5() && config.outboundTopicAliases()
                ? limits.topicAliasMaximum() : 0);
        // The server may impose its own keep alive, which we must then use [MQTT-3.2.2-21].
        keepAlive = limits.serverKeepAlive() >= 0 ? limits.serverKeepAlive() : config.keepAlive();
        if (keepAlive > 0) {
            // Writer idle: nothing sent for a keep alive period means a PINGREQ is due [MQTT-3.1.2-23].
            channel.pipeline().addBefore(channel.pipeline().context(this).name(), IDLE_HANDLER,
                    new IdleStateHandler(0, keepAlive, 0, TimeUnit.SECONDS));
        }
        session.onConnected(this, c);
    }

    private void onDisconnect(Disconnect d) {
        String reasonString = d.properties().getString(PropertyId.REASON_STRING);
        close(new MqttClientException("The server at " + config.address() + " disconnected: "
                + MqttClientException.describe(d.reasonCode()) + (reasonString != null ? " - " + reasonString : ""),
                d.reasonCode(), null));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            send(PingReq.INSTANCE);
            if (pingTimeout == null) {
                long timeout = config.effectivePingTimeout(keepAlive).toMillis();
                pingTimeout = ctx.executor().schedule(() -> close(new MqttClientException("No PINGRESP from "
                        + config.address() + " within " + seconds(timeout))), timeout, TimeUnit.MILLISECONDS);
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection to {} failed", config.address(), cause);
        Throwable tls = cause instanceof SSLException ? cause
                : cause.getCause() instanceof SSLException ? cause.getCause() : null;
        if (tls != null) {
            close(new MqttClientException("TLS handshake with " + config.address() + " failed: " + tls.getMessage(), tls));
            return;
        }
        close(new MqttClientException((cause instanceof IOException ? "I/O error" : "Error") + " on the connection to "
                + config.address() + ": " + cause.getMessage(), cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel(connackTimeout);
        cancel(pingTimeout);
        MqttClientException reason = closeReason != null ? closeReason
                : new MqttClientException("Connection closed by the server at " + config.address()
                        + (connected ? "" : " before CONNACK"));
        session.onClosed(this, reason);
        ctx.fireChannelInactive();
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
