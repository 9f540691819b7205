package io.wrenmq.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.BrokerContext;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.delivery.CongestedTargets;
import io.wrenmq.broker.delivery.Message;
import io.wrenmq.broker.limits.InboundLimits;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.session.SessionConnection;
import io.wrenmq.broker.transport.GracefulClose;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.DecodeFailure;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PingResp;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscribe;
import io.wrenmq.codec.Unsubscribe;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection protocol state machine: CONNECT, then the packets of a live session, then close.
 * One instance per channel, used only on the channel's event loop. The version-specific parts of CONNECT
 * live in {@link ConnectProcessor}, inbound PUBLISH flows in {@link InboundPublishes}, SUBSCRIBE in
 * {@link SubscribeProcessor}.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements SessionConnection, CongestedTargets {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    final BrokerContext broker;
    final BrokerConfig config;
    private ChannelHandlerContext ctx;
    Channel channel;
    ConnectionState state = ConnectionState.AWAIT_CONNECT;
    MqttVersion version = MqttVersion.V3_1_1;
    Session session;
    String clientId;
    /** Set by ConnectProcessor once the client is authenticated; null before. */
    ClientIdentity identity;
    /** The MQTT 5 enhanced authentication exchange in progress before CONNACK, or null. */
    EnhancedAuthFlow authFlow;
    /** Set when the client connected with enhanced authentication: it may re-authenticate (AUTH 0x19). */
    ReAuthentication reauthentication;
    long sessionExpiryAtConnect;
    boolean requestProblemInformation = true;
    int clientReceiveMaximum = 65535;
    long clientMaximumPacketSize = Long.MAX_VALUE;
    OutboundTopicAliases outboundAliases = OutboundTopicAliases.NONE;
    InboundTopicAliases inboundAliases;
    /** max_topic_levels and the publish rate limit; null when neither is configured. */
    InboundLimits inboundLimits;
    private final InboundPublishes publishes;
    private final SubscribeProcessor subscribes;
    AckSequencer acks;
    final AclGate aclGate = new AclGate(this);
    private boolean normalDisconnect;
    // For broker events (ConnectionEvents) and the REST API's details(): set at CONNECT / CONNACK / close; plain
    // fields, nothing allocated. keepAliveSeconds is the CONNECT's until CONNACK, then the one in force.
    int keepAliveSeconds;
    String requestedClientId; // the CONNECT's client id: events of a refused CONNECT name it
    boolean cleanStart;
    long connectedAtMillis;
    /** Why the connection ends: DISCONNECT's reason code, or the code the broker closed with; null = socket closed. */
    ReasonCode closeReasonCode;
    io.wrenmq.broker.hook.ClientInfo eventClient;
    /** True from CONNACK until the socket closes: the session must be detached when it does. */
    private boolean attached;
    private List<MqttPacket> heldWhileConnecting;
    private long keepAliveNanos;
    private volatile long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> keepAliveTimer;
    private ScheduledFuture<?> retryTimer;
    private boolean flushPending;
    /** Reading paused because a QoS 1/2 subscriber this client publishes to has a full queue (QueuePressure). */
    private boolean slowedForSubscriber;
    private final Runnable subscriberDrained = this::subscriberDrained;
    private ScheduledFuture<?> slowedReadCheck;
    private final Runnable flushTask = this::flushNow;

    public MqttConnection(BrokerContext broker) {
        this.broker = broker;
        this.config = broker.config();
        this.publishes = new InboundPublishes(this);
        this.subscribes = new SubscribeProcessor(this);
    }

    // ---- Netty life cycle ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.acks = new AckSequencer(channel.eventLoop());
        broker.metrics().connectionsOpen.incrementAndGet();
        broker.metrics().connectionsAccepted.increment();
        long timeout = config.connectTimeout().toMillis();
        if (timeout > 0) {
            connectTimer = ctx.executor().schedule(() -> {
                if (state == ConnectionState.AWAIT_CONNECT) {
                    LOG.debug("No CONNECT from {} within {} ms: closing", remoteAddress(), timeout);
                    closeNow();
                }
            }, timeout, TimeUnit.MILLISECONDS);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (msg instanceof DecodeFailure) {
            onDecodeFailure((DecodeFailure) msg);
            return;
        }
        MqttPacket packet = (MqttPacket) msg;
        switch (state) {
            case AWAIT_CONNECT:
                if (packet instanceof Connect) {
                    cancel(connectTimer);
                    ConnectProcessor.process(this, (Connect) packet);
                } else {
                    ReferenceCountUtil.release(packet);
                    closeNow(); // the first packet must be CONNECT [MQTT-3.1.0-1]
                }
                break;
            case CONNECTING:
                if (authFlow != null) {
                    authFlow.onPacket(packet);
                    break;
                }
                // A client may send packets right after CONNECT; hold them until the session is attached.
                if (heldWhileConnecting == null) {
                    heldWhileConnecting = new ArrayList<>();
                }
                heldWhileConnecting.add(packet);
                break;
            case CONNECTED:
                if (inboundLimits != null && inboundLimits.hold(packet)) {
                    break; // held while this publisher is over its rate (it keeps the order)
                }
                if (!aclGate.offer(packet)) { // behind a pending authorization decision: keep the order
                    handle(packet);
                }
                break;
            default:
                ReferenceCountUtil.release(packet);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        broker.router().flush(); // one hand-over task per target loop for this read batch
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        broker.metrics().connectionsOpen.decrementAndGet();
        state = ConnectionState.CLOSED;
        endConnection();
        super.channelInactive(ctx);
    }

    /**
     * Ends the MQTT connection: timers, held packets and the session (the will, the events). Runs when the socket
     * closes, or earlier, when the broker starts a graceful close: the socket then only lingers to deliver the last
     * packet ({@link GracefulClose}) and the session must not wait for it. Idempotent.
     */
    private void endConnection() {
        cancel(connectTimer);
        cancel(keepAliveTimer);
        cancel(retryTimer);
        cancel(slowedReadCheck);
        releaseHeld();
        aclGate.releaseWaiting();
        if (attached) {
            attached = false;
            broker.metrics().clientDisconnected();
            LOG.debug("Client {} disconnected ({})", clientId, normalDisconnect ? "normal" : "abnormal");
            if (session != null) { // null after a takeover: the new connection owns the session now
                broker.sessions().disconnected(session, this, normalDisconnect);
            }
            ConnectionEvents.disconnected(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            LOG.debug("Connection {} ({}) failed: {}", clientId, remoteAddress(), cause.toString());
        } else {
            LOG.warn("Unexpected error on connection {} ({}): closing", clientId, remoteAddress(), cause);
        }
        closeNow();
    }

    // ---- packets of a live session ----

    private void handle(MqttPacket packet) {
        switch (packet.type()) {
            case PUBLISH: publishes.onPublish((Publish) packet); break;
            case PUBACK: onPubAck((PubAck) packet); break;
            case PUBREC: onPubRec((PubRec) packet); break;
            case PUBREL: publishes.onPubRel((PubRel) packet); break;
            case PUBCOMP: onPubComp((PubComp) packet); break;
            case SUBSCRIBE: subscribes.onSubscribe((Subscribe) packet); break;
            case UNSUBSCRIBE: subscribes.onUnsubscribe((Unsubscribe) packet); break;
            case PINGREQ: write(PingResp.INSTANCE); break;
            case DISCONNECT: onDisconnect((Disconnect) packet); break;
            case CONNECT:
                protocolError(ReasonCode.PROTOCOL_ERROR, "second CONNECT [MQTT-3.1.0-2]");
                break;
            case AUTH:
                if (reauthentication != null) {
                    reauthentication.onAuth((io.wrenmq.codec.Auth) packet);
                } else {
                    // No enhanced authentication method was agreed at CONNECT, so AUTH is a protocol error [MQTT-4.12.0-1].
                    protocolError(ReasonCode.PROTOCOL_ERROR, "AUTH without an authentication method");
                }
                break;
            default:
                protocolError(ReasonCode.PROTOCOL_ERROR, packet.type() + " is sent by servers only");
        }
    }

    /** A packet {@link InboundLimits} held while this publisher was over its rate, handled now. */
    void handleRateHeld(Object packet) {
        lastReadNanos = System.nanoTime(); // the client was not idle: the broker did not read
        handleHeld((MqttPacket) packet);
    }

    /** A packet that waited behind a rate pause or an authorization decision (it may hold the input again). */
    void handleHeld(MqttPacket packet) {
        if (state == ConnectionState.CONNECTED && !aclGate.offer(packet)) {
            handle(packet);
        } else if (state != ConnectionState.CONNECTED) {
            ReferenceCountUtil.release(packet);
        }
    }

    /**
     * Turns reading back on unless something still holds the input: a rate pause ({@link InboundLimits}) or a pending
     * authorization decision ({@link AclGate}). The one place that sets autoRead after CONNECT, so one gate
     * finishing cannot undo the other's hold.
     */
    void resumeReadingIfFree() {
        if (isClosed() || aclGate.holding() || (inboundLimits != null && inboundLimits.isPaused())
                || slowedForSubscriber) {
            return;
        }
        channel.config().setAutoRead(true);
    }

    /**
     * Routing found that a QoS 1/2 subscriber of this client's message has a full queue: stop reading this publisher
     * until that queue has drained (mqtt.online_queue_full = backpressure), so acknowledged messages are not dropped
     * for a subscriber that is merely slower. What is already read is still routed (the queue keeps it above its
     * limit). Never when this client's own queue is full: it must go on reading the acknowledgements that drain it,
     * or two clients publishing to each other could hold each other forever. A pause lasts at most half the client's
     * keep alive: not read, its PINGREQ would wait too, and its own library would take the broker for dead; after
     * that one read batch goes through (with the PINGREQ), and the next message for a full queue pauses it again.
     */
    @Override
    public void congested(Session target) {
        if (slowedForSubscriber || target == session || session == null || session.isCongested() || isClosed()) {
            return;
        }
        slowedForSubscriber = true;
        broker.metrics().limits.publishersSlowedDown.increment();
        channel.config().setAutoRead(false);
        target.whenDrained(channel.eventLoop(), subscriberDrained);
        if (keepAliveSeconds > 0) {
            slowedReadCheck = ctx.executor().schedule(subscriberDrained, keepAliveSeconds * 500L, TimeUnit.MILLISECONDS);
        }
    }

    private void subscriberDrained() {
        if (slowedForSubscriber) {
            slowedForSubscriber = false;
            cancel(slowedReadCheck);
            slowedReadCheck = null;
            lastReadNanos = System.nanoTime(); // the client was not idle: the broker did not read
            resumeReadingIfFree();
        }
    }

    @Override
    public void queueCongested() {
        ctx.executor().execute(this::subscriberDrained); // on this loop (the session's loop calls while attached)
    }

    private void onPubAck(PubAck ack) {
        if (!session.outbound().onPubAck(ack.packetId())) {
            LOG.debug("PUBACK for unknown packet id {} from {}", ack.packetId(), clientId);
        }
    }

    private void onPubRec(PubRec rec) {
        if (!session.outbound().onPubRec(rec.packetId(), rec.reasonCode().isError())) {
            // Answer so the client can finish its side of the flow [MQTT-4.3.3-...].
            write(new PubRel(rec.packetId(), version.isV5() ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND
                    : ReasonCode.SUCCESS, Properties.EMPTY));
        }
    }

    private void onPubComp(PubComp comp) {
        if (!session.outbound().onPubComp(comp.packetId())) {
            LOG.debug("PUBCOMP for unknown packet id {} from {}", comp.packetId(), clientId);
        }
    }

    private void onDisconnect(Disconnect d) {
        long expiry = d.properties().getLong(PropertyId.SESSION_EXPIRY_INTERVAL, -1);
        if (expiry >= 0) {
            if (sessionExpiryAtConnect == 0 && expiry != 0) {
                // Zero at CONNECT cannot become non-zero at DISCONNECT [MQTT-3.14.2-2].
                protocolError(ReasonCode.PROTOCOL_ERROR, "session expiry set on DISCONNECT after 0 at CONNECT");
                return;
            }
            long capped = Math.min(expiry, config.maxSessionExpiryInterval());
            session.setExpiryInterval(capped);
        }
        // 0x04 asks for the will to be sent; every other code except 0x00 means an abnormal end [MQTT-3.14.4-3].
        normalDisconnect = d.reasonCode() == ReasonCode.SUCCESS;
        closeReasonCode = d.reasonCode();
        if (d.reasonCode() != ReasonCode.SUCCESS && d.reasonCode() != ReasonCode.DISCONNECT_WITH_WILL_MESSAGE) {
            LOG.debug("Client {} disconnected with {}", clientId, d.reasonCode());
        }
        closeNow();
    }

    // ---- errors and closing ----

    private void onDecodeFailure(DecodeFailure f) {
        broker.metrics().protocolErrors.increment();
        LOG.info("Malformed input from {} ({}): {} - {}", clientId != null ? clientId : "unconnected client",
                remoteAddress(), f.reason(), f.message());
        if (state == ConnectionState.AWAIT_CONNECT) {
            ConnectProcessor.refuseMalformedConnect(this, f);
            return;
        }
        if (f.reason() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // a second CONNECT [MQTT-3.1.0-2] with a bad name or level: 0x84 is a CONNACK code, not a DISCONNECT one
            protocolError(ReasonCode.PROTOCOL_ERROR, f.message());
            return;
        }
        protocolError(f.reason(), f.message());
    }

    /**
     * Ends the connection because the client broke a rule: v5 clients get a DISCONNECT with the reason
     * code first [MQTT-4.13.1-1]; v3 clients are just disconnected. The will is sent (abnormal end).
     */
    void protocolError(ReasonCode reason, String why) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        broker.metrics().protocolErrors.increment();
        LOG.info("Closing {} ({}): {} - {}", clientId, remoteAddress(), reason, why);
        disconnectWith(reason, why);
    }

    /** Sends a v5 DISCONNECT and closes gracefully (v3: nothing to send, closed at once). */
    void disconnectWith(ReasonCode reason, String why) {
        if (state == ConnectionState.CLOSED) {
            return; // already ending: the first reason stands
        }
        if (closeReasonCode == null) {
            closeReasonCode = reason;
        }
        if (version.isV5() && state != ConnectionState.AWAIT_CONNECT && channel.isActive()) {
            Properties p = requestProblemInformation && why != null
                    ? Properties.builder().putString(PropertyId.REASON_STRING, why).build() : Properties.EMPTY;
            closeAfter(MqttEncoder.encode(channel.alloc(), new Disconnect(reason, p), version));
        } else {
            closeNow();
        }
    }

    /**
     * Sends the packet that ends the connection (DISCONNECT, refusing CONNACK), ends the MQTT connection now and lets
     * {@link GracefulClose} half-close and drain the socket so that the client can read the packet.
     */
    void closeAfter(ByteBuf lastPacket) {
        state = ConnectionState.CLOSED;
        endConnection();
        GracefulClose.closeAfter(channel, lastPacket, config.closeDrainTimeout());
    }

    void closeNow() {
        state = ConnectionState.CLOSED;
        channel.close();
    }

    @Override
    public void closeForTakeover() {
        ctx.executor().execute(() -> {
            LOG.debug("Session of {} taken over: closing {}", clientId, remoteAddress());
            // The session has already been handed over; this connection must not detach it again.
            session = null;
            disconnectWith(ReasonCode.SESSION_TAKEN_OVER, "another connection took over the session");
        });
    }

    @Override
    public void close(ReasonCode reason, String why) {
        ctx.executor().execute(() -> {
            LOG.info("Client {} ({}) disconnected: {}", clientId, remoteAddress(), why);
            disconnectWith(reason, why);
        });
    }

    @Override
    public io.wrenmq.broker.session.ConnectionDetails details() {
        String ip = "?";
        int port = 0;
        if (channel != null && channel.remoteAddress() instanceof InetSocketAddress i) {
            ip = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            port = i.getPort();
        }
        return new io.wrenmq.broker.session.ConnectionDetails(version.protocolName(), version.level(), keepAliveSeconds,
                cleanStart, connectedAtMillis, ip, port, identity().listener());
    }

    // ---- after CONNECT ----

    /** Called by ConnectProcessor once CONNACK has been written. */
    void onConnected(long keepAliveSeconds) {
        state = ConnectionState.CONNECTED;
        attached = true;
        this.keepAliveSeconds = (int) keepAliveSeconds;
        broker.metrics().clientConnected();
        if (keepAliveSeconds > 0) {
            // Close after 1.5x (configurable) the keep alive without any packet [MQTT-3.1.2-22].
            keepAliveNanos = (long) (keepAliveSeconds * 1_000_000_000L * config.keepaliveMultiplier());
            scheduleKeepAliveCheck(keepAliveNanos);
        }
        long retry = config.retryInterval().toNanos();
        if (!version.isV5() && retry > 0) {
            // v3 clients may need resends within a connection; v5 forbids them [MQTT-4.4.0-1].
            retryTimer = ctx.executor().scheduleWithFixedDelay(() -> {
                if (session != null) {
                    session.outbound().retryUnacknowledged(retry);
                }
            }, retry, retry, TimeUnit.NANOSECONDS);
        }
        List<MqttPacket> held = heldWhileConnecting;
        heldWhileConnecting = null;
        if (held != null) {
            for (MqttPacket p : held) {
                handleHeld(p); // through the ACL gate: one of them may wait for an authorizer
            }
            broker.router().flush();
        }
    }

    private void scheduleKeepAliveCheck(long delayNanos) {
        keepAliveTimer = ctx.executor().schedule(() -> {
            long idle = System.nanoTime() - lastReadNanos;
            if (slowedForSubscriber) {
                idle = 0; // not reading because of a slow subscriber: the client may well be sending
            }
            if (idle >= keepAliveNanos) {
                LOG.info("Client {} ({}) sent nothing for {} ms: keep alive timeout", clientId, remoteAddress(),
                        TimeUnit.NANOSECONDS.toMillis(idle));
                disconnectWith(ReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
            } else {
                scheduleKeepAliveCheck(keepAliveNanos - idle);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void releaseHeld() {
        if (heldWhileConnecting != null) {
            heldWhileConnecting.forEach(ReferenceCountUtil::release);
            heldWhileConnecting = null;
        }
    }

    // ---- writing ----

    /** Encodes and writes a packet; flushed once at the end of this loop turn. */
    void write(MqttPacket packet) {
        if (state == ConnectionState.CLOSED) {
            return; // ending (an ack whose store commit came late): the socket may be half-closed already
        }
        ByteBuf buf = MqttEncoder.encode(channel.alloc(), packet, version);
        broker.metrics().bytesSent.add(buf.readableBytes());
        channel.write(buf, channel.voidPromise());
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushPending) {
            flushPending = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void flushNow() {
        flushPending = false;
        channel.flush();
    }

    @Override
    public ClientIdentity identity() {
        return identity != null ? identity : ClientIdentity.ofClientId(clientId);
    }

    @Override
    public MqttVersion version() {
        return version;
    }

    @Override
    public boolean sendPublish(Message m, int qos, boolean retain, int packetId, boolean dup, int[] subscriptionIds) {
        if (state == ConnectionState.CLOSED) {
            return true; // the connection is going; the session keeps QoS 1/2 state for the next one
        }
        Publish p = OutboundPublish.build(this, m, qos, retain, packetId, dup, subscriptionIds);
        if (clientMaximumPacketSize != Long.MAX_VALUE
                && MqttEncoder.encodedSize(p, version) > clientMaximumPacketSize) {
            if (!p.topic().isEmpty() && p.properties().has(PropertyId.TOPIC_ALIAS)) {
                // the alias was assigned for this PUBLISH, which is not sent: the client must not see it used
                outboundAliases.forgetNew(p.topic(), p.properties().getInt(PropertyId.TOPIC_ALIAS, 0));
            }
            return false;
        }
        ByteBuf header = MqttEncoder.encodePublishHeader(channel.alloc(), p, version);
        ByteBuf payload = m.payload().retainedDuplicate();
        broker.metrics().bytesSent.add(header.readableBytes() + payload.readableBytes());
        broker.metrics().publishSent.increment();
        broker.metrics().messagesSent.increment();
        broker.metrics().messagesSentByQos[qos].increment();
        channel.write(header, channel.voidPromise());
        channel.write(payload, channel.voidPromise());
        scheduleFlush();
        ConnectionEvents.delivered(this, m, qos, retain);
        return true;
    }

    @Override
    public void sendPubRel(int packetId) {
        if (state != ConnectionState.CLOSED) {
            write(new PubRel(packetId));
        }
    }

    @Override
    public int receiveMaximum() {
        return clientReceiveMaximum;
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public String remoteAddress() {
        if (channel == null) {
            return "?";
        }
        java.net.SocketAddress a = channel.remoteAddress();
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    void markConnecting() {
        state = ConnectionState.CONNECTING;
    }

    boolean isClosed() {
        return state == ConnectionState.CLOSED || !channel.isActive();
    }

    void writeConnack(Connack connack) {
        write(connack);
    }
}
