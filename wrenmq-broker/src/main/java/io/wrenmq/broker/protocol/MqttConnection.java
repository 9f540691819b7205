package io.wrenmq.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.protocol.BrokerContext;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.delivery.CongestedTargets;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.hook.ClientInfo;
import io.wrenmq.broker.limits.InboundLimits;
import io.wrenmq.broker.session.ConnectionDetails;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.session.SessionConnection;
import io.wrenmq.broker.protocol.GracefulClose;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.DecodeFailure;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.ReasonCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection protocol state machine: CONNECT, then the packets of a live session, then close. One instance
 * per channel, used only on the channel's event loop. Its helpers see narrow state: {@link Negotiated} (set once
 * when the CONNECT is accepted), a {@link PacketWriter}, the session, and {@link #close(ReasonCode, String)}, the one
 * way to end the connection; every field is private. CONNECT is {@link ConnectProcessor}'s, the packets after
 * CONNACK {@link LivePackets}' (inbound PUBLISH flows {@link InboundPublishes}', SUBSCRIBE
 * {@link SubscribeProcessor}'s), outbound PUBLISH {@link OutboundPublishes}'; what holds the input, {@link ReadGate}.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements SessionConnection, CongestedTargets {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private final BrokerContext broker;
    private final ProtocolSettings config;
    private ChannelHandlerContext ctx;
    private Channel channel;
    private ConnectionState state = ConnectionState.AWAIT_CONNECT;
    private final AclGate aclGate = new AclGate(this);
    private AckSequencer acks;
    private ScheduledFuture<?> connectTimer;
    private ConnectingInput connecting; // from CONNECT to CONNACK
    // Set when the CONNECT is accepted (ConnectProcessor): fixed from then on.
    private Negotiated negotiated;
    private PacketWriter out;
    private OutboundPublishes outbound;
    private LivePackets live;
    private InboundLimits inboundLimits; // max_topic_levels and the publish rate; null when neither is set
    private ClientIdentity identity; // set when the CONNECT is accepted, then by authentication
    private Session session; // from CONNACK; null again once another connection took the session over
    private long connectedAtMillis;
    private boolean attached; // from CONNACK until the socket closes: the session is detached then
    private boolean normalDisconnect;
    private ReasonCode closeReasonCode; // DISCONNECT's reason code, or the broker's; null = the socket closed
    private ClientInfo eventClient; // built once after CONNACK (ConnectionEvents)
    private volatile long lastReadNanos = System.nanoTime();
    private KeepAlive keepAlive; // null without a keep alive
    private final ReadGate readGate = new ReadGate(this);

    public MqttConnection(BrokerContext broker) {
        this.broker = broker;
        this.config = broker.config();
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
                    close(null, "no CONNECT within " + timeout + " ms");
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
                    state = ConnectionState.CONNECTING;
                    connecting = new ConnectingInput(); // input is held until the session is attached
                    ConnectProcessor.process(this, (Connect) packet);
                } else {
                    ReferenceCountUtil.release(packet);
                    close(null, packet.type() + " before CONNECT [MQTT-3.1.0-1]");
                }
                break;
            case CONNECTING:
                connecting.onPacket(packet);
                break;
            case CONNECTED:
                if (inboundLimits != null && inboundLimits.hold(packet)) {
                    break; // held while this publisher is over its rate (it keeps the order)
                }
                if (!aclGate.offer(packet)) { // behind a pending authorization decision: keep the order
                    live.handle(packet);
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
        ending();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Connection {} ({}) failed: {}", clientId(), remoteAddress(), cause.toString());
        } else {
            LOG.warn("Unexpected error on connection {} ({}): closing", clientId(), remoteAddress(), cause);
        }
        close(null, null);
    }

    // ---- packets of a live session ----

    /** A packet {@link InboundLimits} held while this publisher was over its rate, handled now. */
    private void handleRateHeld(Object packet) {
        notIdle(); // the broker did not read meanwhile
        handleHeld((MqttPacket) packet);
    }

    /** A packet that waited behind a rate pause or an authorization decision (it may hold the input again). */
    void handleHeld(MqttPacket packet) {
        if (state == ConnectionState.CONNECTED && !aclGate.offer(packet)) {
            live.handle(packet);
        } else if (state != ConnectionState.CONNECTED) {
            ReferenceCountUtil.release(packet);
        }
    }

    /** A subscriber's full queue met a QoS 1/2 message of this client: see {@link ReadGate}. */
    @Override
    public void congested(Session target) {
        readGate.congested(target);
    }

    @Override
    public void queueCongested() {
        ctx.executor().execute(readGate.resumeTask()); // on this loop (the session's loop calls while attached)
    }

    /**
     * The client sent DISCONNECT: 0x00 ends normally (the will is discarded); 0x04 asks for the will, and every other
     * code ends abnormally as well [MQTT-3.14.4-3]. The broker closes the socket, saying nothing more.
     */
    void clientDisconnected(ReasonCode reason) {
        normalDisconnect = reason == ReasonCode.SUCCESS;
        closeReasonCode = reason;
        close(null, reason != ReasonCode.SUCCESS && reason != ReasonCode.DISCONNECT_WITH_WILL_MESSAGE
                ? "the client disconnected with " + reason : null);
    }

    // ---- errors and closing ----

    private void onDecodeFailure(DecodeFailure f) {
        LOG.info("Malformed input from {} ({}): {} - {}", clientId() != null ? clientId() : "unconnected client",
                remoteAddress(), f.reason(), f.message());
        if (state != ConnectionState.CONNECTED) {
            broker.metrics().protocolErrors.increment(); // after CONNACK, close() counts it
        }
        if (state == ConnectionState.AWAIT_CONNECT) {
            ConnectProcessor.refuseMalformedConnect(this, f);
        } else if (f.reason() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // a second CONNECT [MQTT-3.1.0-2] with a bad name or level: 0x84 is a CONNACK code, not a DISCONNECT one
            close(ReasonCode.PROTOCOL_ERROR, f.message());
        } else {
            close(f.reason(), f.message());
        }
    }

    /**
     * Ends the connection; the one way to do it, from the broker's helpers and from the session (an operator's
     * kick, a ban). {@code reason} null: nothing to tell the client (it sent DISCONNECT, the socket failed, no
     * CONNECT came), the socket closes at once. Before CONNACK: a refusing CONNACK with the reason
     * [MQTT-3.2.2-6, MQTT-3.2.2-7]. After: an MQTT 5 client gets DISCONNECT with the reason and {@code why} as Reason
     * String [MQTT-4.13.1-1] and the socket closes gracefully; an MQTT 3 client is just disconnected. Either way the
     * will is sent (an abnormal end). The first reason stands; a protocol error is counted ({@link CloseReasons}).
     */
    @Override
    public void close(ReasonCode reason, String why) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> close(reason, why));
            return;
        }
        if (state == ConnectionState.CLOSED) {
            return; // already ending: the first reason stands
        }
        if (reason == null || state == ConnectionState.AWAIT_CONNECT
                || state == ConnectionState.CONNECTING && negotiated == null) {
            if (why != null) {
                LOG.debug("Closing {} ({}): {}", clientId(), remoteAddress(), why);
            }
            closeNow();
            return;
        }
        if (state == ConnectionState.CONNECTING) {
            ConnectProcessor.refuse(this, reason, why);
            return;
        }
        if (closeReasonCode == null) {
            closeReasonCode = reason;
        }
        CloseReasons.log(broker.metrics(), clientId(), remoteAddress(), reason, why);
        if (negotiated.version().isV5() && channel.isActive()) {
            Properties p = negotiated.requestProblemInformation() && why != null
                    ? Properties.builder().putString(PropertyId.REASON_STRING, why).build() : Properties.EMPTY;
            closeAfter(MqttEncoder.encode(channel.alloc(), new Disconnect(reason, p), negotiated.version()));
        } else {
            closeNow();
        }
    }

    /** Closes the socket; the MQTT connection ends when it is closed (channelInactive). */
    private void closeNow() {
        state = ConnectionState.CLOSED;
        if (out != null) {
            out.stop();
        }
        channel.close();
    }

    /**
     * Sends the packet that ends the connection (DISCONNECT, refusing CONNACK), ends the MQTT connection now and lets
     * {@link GracefulClose} half-close and drain the socket so that the client can read the packet.
     */
    void closeAfter(ByteBuf lastPacket) {
        ending();
        GracefulClose.closeAfter(channel, lastPacket, config.closeDrainTimeout());
    }

    /**
     * Ends the MQTT connection: timers, held packets and the session (the will, the events). Runs when the socket
     * closes, or earlier, when the broker starts a graceful close: the socket then only lingers to deliver the last
     * packet ({@link GracefulClose}) and the session must not wait for it. Idempotent.
     */
    private void ending() {
        state = ConnectionState.CLOSED;
        if (out != null) {
            out.stop();
        }
        cancel(connectTimer);
        if (keepAlive != null) {
            keepAlive.stop();
        }
        if (outbound != null) {
            outbound.stopRetries();
        }
        readGate.stop();
        if (connecting != null) {
            connecting.release();
        }
        aclGate.releaseWaiting();
        if (attached) {
            attached = false;
            broker.metrics().clientDisconnected();
            LOG.debug("Client {} disconnected ({})", clientId(), normalDisconnect ? "normal" : "abnormal");
            if (session != null) { // null after a takeover: the new connection owns the session now
                broker.sessions().disconnected(session, this, normalDisconnect);
            }
            ConnectionEvents.disconnected(this);
        }
    }

    @Override
    public void closeForTakeover() {
        ctx.executor().execute(() -> {
            // The session has already been handed over; this connection must not detach it again.
            session = null;
            close(ReasonCode.SESSION_TAKEN_OVER, "another connection took over the session");
        });
    }

    // ---- CONNECT accepted, CONNACK sent ----

    /** ConnectProcessor accepted the CONNECT: what was negotiated is fixed from here on. */
    void accepted(Negotiated n, ClientIdentity who) {
        negotiated = n;
        identity = who;
        out = new PacketWriter(channel, n.version(), broker.metrics());
        outbound = new OutboundPublishes(n, out, channel.alloc(), broker.metrics());
        inboundLimits = broker.limits().inboundLimits(channel, this::handleRateHeld, broker.router()::flush,
                readGate::resumeIfFree); // null unless a rate or max_topic_levels is set
        live = new LivePackets(this, n, outbound);
    }

    /** Called by ConnectProcessor once CONNACK has been written for {@code s}. */
    void connected(Session s) {
        session = s;
        connectedAtMillis = System.currentTimeMillis();
        state = ConnectionState.CONNECTED;
        attached = true;
        broker.metrics().clientConnected();
        if (negotiated.keepAliveSeconds() > 0) {
            keepAlive = new KeepAlive(this, negotiated.keepAliveSeconds(), config.keepaliveMultiplier());
            keepAlive.start();
        }
        outbound.startRetries(this, config.retryInterval().toNanos());
    }

    /** After CONNACK: the packets the client sent right after CONNECT are handled now, in their order. */
    void handleHeldWhileConnecting() {
        List<MqttPacket> held = connecting.takeHeld();
        connecting = null;
        if (held != null) {
            for (MqttPacket p : held) {
                handleHeld(p); // through the ACL gate: one of them may wait for an authorizer
            }
            broker.router().flush();
        }
    }

    // ---- SessionConnection: the session writes through these (on this loop) ----

    @Override
    public boolean sendPublish(Message m, int qos, boolean retain, int packetId, boolean dup, int[] subscriptionIds) {
        if (state == ConnectionState.CLOSED) {
            return true; // the connection is going; the session keeps QoS 1/2 state for the next one
        }
        if (!outbound.write(m, qos, retain, packetId, dup, subscriptionIds)) {
            return false;
        }
        ConnectionEvents.delivered(this, m, qos, retain);
        return true;
    }

    @Override
    public void sendPubRel(int packetId) {
        out.write(new PubRel(packetId));
    }

    @Override
    public MqttVersion version() {
        return negotiated.version();
    }

    @Override
    public int receiveMaximum() {
        return negotiated.clientReceiveMaximum();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public ClientIdentity identity() {
        return identity != null ? identity : ClientIdentity.ofClientId(clientId());
    }

    @Override
    public ConnectionDetails details() {
        InetSocketAddress peer = PeerAddress.socketPeer(channel);
        String ip = peer == null ? "?"
                : peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
        return new ConnectionDetails(negotiated.version().protocolName(), negotiated.version().level(),
                negotiated.keepAliveSeconds(), negotiated.cleanStart(), connectedAtMillis, ip,
                peer == null ? 0 : peer.getPort(), identity().listener());
    }

    @Override
    public String remoteAddress() {
        return PeerAddress.describe(channel);
    }

    // ---- what the helpers see (package-private; every field stays private) ----

    BrokerContext broker() { return broker; }
    Channel channel() { return channel; }
    AckSequencer acks() { return acks; }
    AclGate aclGate() { return aclGate; }
    ReadGate readGate() { return readGate; }
    InboundLimits inboundLimits() { return inboundLimits; }
    long lastReadNanos() { return lastReadNanos; }
    long connectedAtMillis() { return connectedAtMillis; }
    ReasonCode closeReasonCode() { return closeReasonCode; }
    String clientId() { return negotiated != null ? negotiated.clientId() : null; }

    /** What the CONNECT settled; null until ConnectProcessor accepted it. */
    Negotiated negotiated() { return negotiated; }

    /** Answers the client; null until the CONNECT is accepted. */
    PacketWriter writer() { return out; }

    /** The attached session: null before CONNACK and once another connection took it over. */
    Session session() { return session; }

    /** Authentication settled who the client is (ConnectAuthentication). */
    void identify(ClientIdentity who) { identity = who; }

    /** The client authenticated with an enhanced method: AUTH 0x19 after CONNACK starts a re-authentication. */
    void reauthenticateWith(ReAuthentication r) { live.reauthenticateWith(r); }

    /** The client was not idle although the broker did not read (its input was held). */
    void notIdle() { lastReadNanos = System.nanoTime(); }

    /** The enhanced authentication exchange in progress before CONNACK, or null. */
    EnhancedAuthFlow authFlow() {
        return connecting != null ? connecting.authFlow() : null;
    }

    /** An enhanced authentication exchange starts (a flow) or ends (null). */
    void authFlow(EnhancedAuthFlow flow) {
        if (connecting != null) {
            connecting.authFlow(flow);
        }
    }

    /** The client as broker events describe it; built once after CONNACK (nothing in it changes from then on). */
    ClientInfo eventClient() {
        if (eventClient != null) {
            return eventClient;
        }
        ClientInfo info = ConnectionEvents.describe(this);
        if (session != null) {
            eventClient = info;
        }
        return info;
    }

    boolean isClosed() {
        return state == ConnectionState.CLOSED || !channel.isActive();
    }

    static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
