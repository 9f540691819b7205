package io.wrenmq.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.SubAck;
import io.wrenmq.codec.UnsubAck;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's state across its network connections: the lifecycle ({@link State}), reconnects, and the
 * session state MQTT keeps beyond one connection (in-flight messages both ways, subscriptions, packet
 * identifiers). Every method runs on the client's one event loop, so nothing here is locked; the public
 * {@link MqttClient} hops onto that loop. Callbacks to the user run on the loop too.
 */
final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    enum State { IDLE, CONNECTING, CONNECTED, RECONNECTING, DISCONNECTING, CLOSED }

    private final ClientConfig config;
    private final EventLoop loop;
    private final PacketIds packetIds = new PacketIds();
    final OutboundPublishes outbound;
    final InboundPublishes inbound;
    final Subscriptions subscriptions;
    private final Backoff backoff;
    private State state = State.IDLE;
    private Connection connection;
    private CompletableFuture<ConnectResult> connectFuture;
    private ConnectResult lastResult;
    private CompletableFuture<Void> disconnectFuture;
    private ScheduledFuture<?> reconnectTask;
    private volatile String clientId;
    private volatile Consumer<MqttClientException> connectionLostListener = e -> { };
    private volatile Consumer<ConnectResult> reconnectedListener = r -> { };

    ClientSession(ClientConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.clientId = config.clientId();
        this.outbound = new OutboundPublishes(packetIds, config.maxQueuedPublishes(), config.maxInflight());
        this.inbound = new InboundPublishes(config.receiveMaximum());
        this.subscriptions = new Subscriptions(packetIds);
        this.backoff = config.autoReconnect() ? new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay())
                : null;
    }

    String clientId() {
        return clientId;
    }

    State state() {
        return state;
    }

    void onConnectionLost(Consumer<MqttClientException> listener) {
        this.connectionLostListener = listener;
    }

    void onReconnected(Consumer<ConnectResult> listener) {
        this.reconnectedListener = listener;
    }

    /** The connection PUBLISH/SUBSCRIBE may go out on now, or null while there is none (they wait). */
    Connection activeConnection() {
        return state == State.CONNECTED ? connection : null;
    }

    /** Whether requests are accepted (sent now or queued for the connection being set up). */
    MqttClientException notAccepting() {
        switch (state) {
            case IDLE: return new MqttClientException("Not connected: call connect() first");
            case DISCONNECTING: case CLOSED: return new MqttClientException("Not connected: the client is disconnected");
            default: return null;
        }
    }

    CompletableFuture<ConnectResult> connect() {
        switch (state) {
            case CONNECTED:
                return CompletableFuture.completedFuture(lastResult);
            case CONNECTING:
                return connectFuture;
            case RECONNECTING:
                // The user wants a connection now: skip the rest of the backoff wait.
                connectFuture = connectFuture != null ? connectFuture : new CompletableFuture<>();
                if (connection == null) {
                    cancelReconnect();
                    open();
                }
                return connectFuture;
            case DISCONNECTING:
                return CompletableFuture.failedFuture(new MqttClientException("disconnect() is in progress"));
            default:
                state = State.CONNECTING;
                connectFuture = new CompletableFuture<>();
                open();
                return connectFuture;
        }
    }

    private void open() {
        Connection c = new Connection(this, config, clientId);
        connection = c;
        ChannelInitializer<Channel> pipeline = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (config.tls() != null && config.quic() == null) {
                    ch.pipeline().addLast("tls", tlsHandler(ch));
                }
                // Flushes of one event-loop turn go out in one syscall (many publishes, one write).
                ch.pipeline().addLast("flush", new FlushConsolidationHandler(256, true));
                ch.pipeline().addLast("decoder", new ClientFrameDecoder(config.version(),
                        config.maximumPacketSize() > 0 ? config.maximumPacketSize() : 268_435_460));
                ch.pipeline().addLast("mqtt", c);
            }
        };
        if (config.quic() != null) { // the same pipeline on the QUIC stream
            QuicConnector.open(loop, config, c, pipeline, cause -> onClosed(c, connectFailure(cause)));
            return;
        }
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(ClientTransport.channelClass(loop))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(pipeline);
        ChannelFuture attempt = b.connect(config.host(), config.port());
        c.attach(attempt.channel());
        attempt.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                onClosed(c, connectFailure(f.cause()));
            }
        });
    }

    /**
     * TLS with SNI for the host. Whether the certificate must name the host [RFC 6125] is the context's setting:
     * Netty 4.2 client contexts verify it by default; {@code endpointIdentificationAlgorithm(null)} turns it off.
     */
    private SslHandler tlsHandler(Channel ch) {
        return config.tls().newHandler(ch.alloc(), config.host(), config.port());
    }

    private MqttClientException connectFailure(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            long millis = config.connectTimeout().toMillis();
            // Same wording as the CONNACK timeout: whole seconds when the timeout is whole seconds.
            return new MqttClientException("Timed out after " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms")
                    + " connecting to " + config.address(), cause);
        }
        if (cause instanceof SSLException) { // QUIC: the handshake is part of connecting
            return new MqttClientException("TLS handshake with " + config.address() + " failed: " + cause.getMessage(), cause);
        }
        if (cause instanceof ConnectException) {
            return new MqttClientException("Connection refused: " + config.address(), cause);
        }
        return new MqttClientException("Cannot connect to " + config.address() + ": " + cause.getMessage(), cause);
    }

    /** CONNACK with success: the session state is resumed or started afresh, then queued work goes out. */
    void onConnected(Connection c, Connack connack) {
        if (c != connection) {
            return;
        }
        if (state == State.DISCONNECTING) {
            c.close(new MqttClientException("Client disconnected"));
            return;
        }
        boolean reconnect = state == State.RECONNECTING;
        state = State.CONNECTED;
        if (backoff != null) {
            backoff.reset();
        }
        String assigned = connack.properties().getString(PropertyId.ASSIGNED_CLIENT_IDENTIFIER);
        if (assigned != null) {
            clientId = assigned; // reused on reconnects, so that the session can be resumed
        }
        if (connack.sessionPresent()) {
            // [MQTT-4.4.0-1]: resend unacknowledged PUBLISH (with DUP) and PUBREL with their original ids.
            outbound.resend(c);
        } else {
            // The server has no session for us: ours is discarded [MQTT-3.2.2-4] and rebuilt from what the
            // application asked for (its subscriptions, its unfinished publishes).
            inbound.clearSession();
            outbound.sessionLost();
            subscriptions.resubscribe(c);
        }
        subscriptions.sendDeferred(c);
        outbound.drain(c);
        lastResult = new ConnectResult(connack.sessionPresent(), connack.reasonCode(), clientId, connack.properties());
        LOG.debug("{} connected to {} (session present: {})", clientId, config.address(), connack.sessionPresent());
        CompletableFuture<ConnectResult> f = connectFuture;
        connectFuture = null;
        if (f != null) {
            f.complete(lastResult);
        }
        if (reconnect) {
            notify(reconnectedListener, lastResult);
        }
    }

    void onPacket(Connection c, MqttPacket packet) {
        if (c != connection) {
            ReferenceCountUtil.release(packet);
            return;
        }
        switch (packet.type()) {
            case PUBLISH: inbound.onPublish(c, (Publish) packet); break;
            case PUBREL: inbound.onPubRel(c, (PubRel) packet); break;
            case PUBACK: outbound.onPubAck(c, (PubAck) packet); break;
            case PUBREC: outbound.onPubRec(c, (PubRec) packet); break;
            case PUBCOMP: outbound.onPubComp(c, (PubComp) packet); break;
            case SUBACK: subscriptions.onSubAck(c, (SubAck) packet); break;
            case UNSUBACK: subscriptions.onUnsubAck(c, (UnsubAck) packet); break;
            default:
                // CONNACK twice, or AUTH (enhanced authentication is not supported) [MQTT-3.2.0-2, 4.12].
                c.protocolError(ReasonCode.PROTOCOL_ERROR, "unexpected " + packet.type());
        }
    }

    /** The end of a connection or of a connection attempt, for whatever reason. */
    void onClosed(Connection c, MqttClientException reason) {
        if (c != connection) {
            return;
        }
        connection = null;
        boolean wasConnected = c.isConnected();
        if (state == State.DISCONNECTING || state == State.CLOSED) {
            close(new MqttClientException("Client disconnected"));
            return;
        }
        if (!wasConnected && state == State.CONNECTING) {
            LOG.debug("{}: connect failed: {}", clientId, reason.getMessage());
            close(reason);
            return;
        }
        if (backoff == null) {
            close(reason);
        } else {
            state = State.RECONNECTING;
            subscriptions.connectionLost();
            long delay = backoff.nextDelayNanos();
            LOG.debug("{}: reconnecting in {} ms", clientId, TimeUnit.NANOSECONDS.toMillis(delay));
            reconnectTask = loop.schedule(() -> {
                reconnectTask = null;
                if (state == State.RECONNECTING && connection == null) {
                    open();
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
        // Told after the state is settled, so that the listener may call disconnect() or connect().
        if (wasConnected) {
            LOG.info("{}: connection lost: {}", clientId, reason.getMessage());
            notify(connectionLostListener, reason);
        } else {
            LOG.info("{}: reconnect to {} failed: {}", clientId, config.address(), reason.getMessage());
        }
    }

    /** Final: fails everything still waiting; a later {@link #connect()} starts over. */
    private void close(MqttClientException reason) {
        cancelReconnect();
        state = State.CLOSED;
        outbound.failAll(reason);
        subscriptions.failAll(reason);
        CompletableFuture<ConnectResult> f = connectFuture;
        connectFuture = null;
        if (f != null) {
            f.completeExceptionally(reason);
        }
        CompletableFuture<Void> d = disconnectFuture;
        disconnectFuture = null;
        if (d != null) {
            d.complete(null);
        }
    }

    CompletableFuture<Void> disconnect(ReasonCode reason, Properties properties) {
        MqttClientException closing = new MqttClientException("Client disconnected");
        if (state == State.IDLE || state == State.CLOSED) {
            return CompletableFuture.completedFuture(null);
        }
        if (disconnectFuture == null) {
            disconnectFuture = new CompletableFuture<>();
        }
        CompletableFuture<Void> result = disconnectFuture;
        if (state == State.CONNECTED) {
            state = State.DISCONNECTING;
            Connection c = connection;
            // [MQTT-3.14.4-1]: after DISCONNECT the client sends nothing more and closes the connection.
            c.write(new Disconnect(reason, properties)).addListener((ChannelFutureListener) f -> c.close(closing));
        } else if (state != State.DISCONNECTING) {
            if (connection != null) {
                state = State.DISCONNECTING; // onClosed finishes the job
                connection.close(closing);
            } else {
                close(closing);
            }
        }
        return result;
    }

    private void cancelReconnect() {
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
            reconnectTask = null;
        }
    }

    private <T> void notify(Consumer<T> listener, T value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.warn("{}: a listener failed", clientId, e);
        }
    }
}
