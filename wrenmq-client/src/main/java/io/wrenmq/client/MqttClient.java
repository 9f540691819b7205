package io.wrenmq.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.TopicSyntax;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An asynchronous MQTT 3.1.1 / 5.0 client.
 *
 * <pre>{@code
 * MqttClient client = MqttClient.builder().host("127.0.0.1").port(1883).build();
 * client.onMessage(m -> System.out.println(m.topic() + " " + m.payloadAsString()));
 * client.connect().join();
 * client.subscribe("sensors/#", 1).join();
 * client.publish("sensors/t1", "21.5".getBytes(), 1, false).join();
 * client.disconnect().join();
 * client.close();
 * }</pre>
 *
 * <p>Threading: every method may be called from any thread and never blocks (except {@link #close()}). All
 * work happens on one Netty event loop, the client's own or one of a group given to the builder; callbacks
 * ({@link #onMessage}, {@link #onConnectionLost}, {@link #onReconnected}) and the completion of returned
 * futures run on that loop, so they must not block - hand long work to another executor (for example with
 * {@code thenApplyAsync}). Calling {@code join()} on a future of this client from one of those callbacks
 * would deadlock.
 *
 * <p>Failures complete futures exceptionally with an {@link MqttClientException} that says what happened
 * in words; programming errors (a topic with wildcards, QoS 3) throw {@link IllegalArgumentException} at once.
 *
 * <p>Without a connection, {@code publish}, {@code subscribe} and {@code unsubscribe} wait (publishes in a
 * bounded queue) for the one being set up, or for the reconnect; after {@link #disconnect()}, or when the
 * connection is lost without automatic reconnect, everything waiting fails.
 */
public final class MqttClient implements AutoCloseable {
    private final ClientConfig config;
    private final EventLoopGroup ownGroup;
    private final EventLoop loop;
    private final ClientSession session;

    MqttClient(ClientConfig config) {
        this.config = config;
        this.ownGroup = config.eventLoopGroup() == null ? ClientTransport.group(1, "wrenmq-client") : null;
        this.loop = (ownGroup != null ? ownGroup : config.eventLoopGroup()).next();
        this.session = new ClientSession(config, loop);
    }

    public static MqttClientBuilder builder() {
        return new MqttClientBuilder();
    }

    /**
     * Event loops for many clients to share ({@link MqttClientBuilder#eventLoopGroup}; epoll on Linux when available,
     * daemon threads named {@code threadName-N}). The caller shuts the group down.
     */
    public static EventLoopGroup newEventLoopGroup(int threads, String threadName) {
        return ClientTransport.group(threads, threadName);
    }

    /**
     * Opens the connection. Completes with the CONNACK's outcome, or exceptionally when the server refuses
     * (the reason code's description, e.g. "Not authorized (0x87)"), the TCP connection is refused, or the
     * connect timeout passes.
     */
    public CompletableFuture<ConnectResult> connect() {
        return onLoop(session::connect);
    }

    /** {@link #publish(String, ByteBuf, int, boolean, Properties)} with a copy-free wrap of {@code payload}. */
    public CompletableFuture<PublishResult> publish(String topic, byte[] payload, int qos, boolean retain) {
        return publish(topic, Unpooled.wrappedBuffer(payload), qos, retain, Properties.EMPTY);
    }

    public CompletableFuture<PublishResult> publish(String topic, byte[] payload, int qos, boolean retain,
            Properties properties) {
        return publish(topic, Unpooled.wrappedBuffer(payload), qos, retain, properties);
    }

    public CompletableFuture<PublishResult> publish(String topic, String payload, int qos, boolean retain) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    /**
     * Publishes an application message. The future completes when the PUBLISH is written (QoS 0), on PUBACK
     * (QoS 1) or on PUBCOMP (QoS 2, or on a PUBREC with an error code), with the server's reason code; see
     * {@link PublishResult}. {@code properties} are MQTT 5 PUBLISH properties (User Properties, Message
     * Expiry, Content Type...); the client manages Topic Aliases itself.
     *
     * <p>Ownership: the client takes over the caller's reference to {@code payload} and releases it when the
     * future completes (also when this method throws). The caller must not change its bytes until then.
     */
    public CompletableFuture<PublishResult> publish(String topic, ByteBuf payload, int qos, boolean retain,
            Properties properties) {
        Objects.requireNonNull(payload, "payload");
        Properties props = properties == null ? Properties.EMPTY : properties;
        try {
            checkTopicName(topic);
            checkQos(qos);
            if (props.subscriptionIdentifierCount() > 0) {
                throw new IllegalArgumentException("a PUBLISH from a client must not carry a Subscription "
                        + "Identifier [MQTT-3.3.4-6]");
            }
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
        CompletableFuture<PublishResult> future = new CompletableFuture<>();
        OutboundMessage m = new OutboundMessage(topic, payload, qos, retain, props.without(PropertyId.TOPIC_ALIAS),
                future);
        run(() -> {
            MqttClientException refused = session.notAccepting();
            if (refused != null) {
                m.fail(refused);
            } else {
                session.outbound.submit(session.activeConnection(), m);
            }
        }, m::fail);
        return future;
    }

    public CompletableFuture<List<ReasonCode>> subscribe(String topicFilter, int qos) {
        return subscribe(List.of(new Subscription(topicFilter, qos)), 0, Properties.EMPTY);
    }

    public CompletableFuture<List<ReasonCode>> subscribe(List<Subscription> subscriptions) {
        return subscribe(subscriptions, 0, Properties.EMPTY);
    }

    /**
     * Subscribes; completes with one reason code per filter (granted QoS, or an error such as 0x87 Not
     * authorized). {@code subscriptionId} (MQTT 5, 1..268435455, 0 for none) comes back in
     * {@link ReceivedMessage#subscriptionIds()}; {@code properties} may carry User Properties. Granted
     * subscriptions are restored by the client after a reconnect that finds no session on the server.
     */
    public CompletableFuture<List<ReasonCode>> subscribe(List<Subscription> subscriptions, int subscriptionId,
            Properties properties) {
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("SUBSCRIBE needs at least one topic filter [MQTT-3.8.3-2]");
        }
        for (Subscription s : subscriptions) {
            checkFilter(s.topicFilter());
            checkQos(s.qos());
        }
        if (subscriptionId < 0 || subscriptionId > 268_435_455) {
            throw new IllegalArgumentException("subscriptionId must be 0..268435455: " + subscriptionId);
        }
        Properties props = properties == null ? Properties.EMPTY : properties;
        CompletableFuture<List<ReasonCode>> future = new CompletableFuture<>();
        run(() -> {
            MqttClientException refused = session.notAccepting();
            if (refused != null) {
                future.completeExceptionally(refused);
            } else {
                session.subscriptions.subscribe(session.activeConnection(), subscriptions, subscriptionId, props,
                        future);
            }
        }, future::completeExceptionally);
        return future;
    }

    public CompletableFuture<List<ReasonCode>> unsubscribe(String... topicFilters) {
        return unsubscribe(List.of(topicFilters), Properties.EMPTY);
    }

    /** Unsubscribes; completes with one reason code per filter (all SUCCESS for MQTT 3.x, which has none). */
    public CompletableFuture<List<ReasonCode>> unsubscribe(List<String> topicFilters, Properties properties) {
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("UNSUBSCRIBE needs at least one topic filter [MQTT-3.10.3-2]");
        }
        topicFilters.forEach(MqttClient::checkFilter);
        Properties props = properties == null ? Properties.EMPTY : properties;
        CompletableFuture<List<ReasonCode>> future = new CompletableFuture<>();
        run(() -> {
            MqttClientException refused = session.notAccepting();
            if (refused != null) {
                future.completeExceptionally(refused);
            } else {
                session.subscriptions.unsubscribe(session.activeConnection(), topicFilters, props, future);
            }
        }, future::completeExceptionally);
        return future;
    }

    /** Sends DISCONNECT (Normal disconnection: the server discards the Will) and closes; no reconnect follows. */
    public CompletableFuture<Void> disconnect() {
        return disconnect(ReasonCode.SUCCESS, Properties.EMPTY);
    }

    /**
     * Disconnects with an MQTT 5 reason code, e.g. {@link ReasonCode#DISCONNECT_WITH_WILL_MESSAGE} to have
     * the server publish the Will; MQTT 3.x sends a plain DISCONNECT. Waiting publishes and requests fail.
     */
    public CompletableFuture<Void> disconnect(ReasonCode reason, Properties properties) {
        Objects.requireNonNull(reason, "reason");
        return onLoop(() -> session.disconnect(reason, properties == null ? Properties.EMPTY : properties));
    }

    /** The callback for every delivered message; runs on the event loop (see the class comment). */
    public MqttClient onMessage(Consumer<ReceivedMessage> listener) {
        session.inbound.onMessage(Objects.requireNonNull(listener));
        return this;
    }

    /**
     * The callback for every delivered message when the acknowledgement must wait for the application: the PUBACK
     * (QoS 1) or PUBREC (QoS 2) is sent when the returned stage completes, in the order the messages arrived
     * [MQTT-4.6.0-2] - e.g. once the message is stored, so that the server forgets it only when it is safe here. A
     * stage that completes exceptionally is logged and acknowledged all the same (a held id would stall the session).
     * Replaces {@link #onMessage} and {@link #onPayload} (the last one set wins); runs on the event loop.
     */
    public MqttClient onMessageAsync(Function<ReceivedMessage, CompletionStage<?>> listener) {
        session.inbound.onMessageAsync(Objects.requireNonNull(listener));
        return this;
    }

    /**
     * The zero-copy variant of {@link #onMessage}: replaces it (the last one set wins) and gets each
     * payload as a buffer valid during the callback only; see {@link PayloadListener}.
     */
    public MqttClient onPayload(PayloadListener listener) {
        session.inbound.onPayload(Objects.requireNonNull(listener));
        return this;
    }

    /**
     * Called when an established connection ends other than by {@link #disconnect()}: the exception says why
     * and carries the server's DISCONNECT reason code when there was one (e.g. 0x8E Session taken over).
     */
    public MqttClient onConnectionLost(Consumer<MqttClientException> listener) {
        session.onConnectionLost(Objects.requireNonNull(listener));
        return this;
    }

    /** Called after an automatic reconnect succeeded (subscriptions restored, resends under way). */
    public MqttClient onReconnected(Consumer<ConnectResult> listener) {
        session.onReconnected(Objects.requireNonNull(listener));
        return this;
    }

    public boolean isConnected() {
        return session.state() == ClientSession.State.CONNECTED;
    }

    /**
     * MQTT over QUIC: whether the current connection resumed an earlier TLS session and sent CONNECT as 0-RTT early
     * data (RFC 9001 section 4.6); false for TCP and TLS, and for a full QUIC handshake.
     */
    public boolean connectedWithEarlyData() {
        Connection c = session.activeConnection();
        return c != null && c.earlyData();
    }

    /** The client identifier in use (the server-assigned one after an MQTT 5 connect with an empty id). */
    public String clientId() {
        return session.clientId();
    }

    public MqttVersion version() {
        return config.version();
    }

    /** The event loop this client's work and callbacks run on. */
    public EventLoop eventLoop() {
        return loop;
    }

    /**
     * Disconnects (waiting up to 5 s) and shuts down the client's own event loop if it has one. Blocks; do
     * not call it from the event loop.
     */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("close() blocks: call disconnect() from the event loop instead");
        }
        try {
            disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> action) {
        if (loop.inEventLoop()) {
            return action.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        run(() -> action.get().whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        }), result::completeExceptionally);
        return result;
    }

    /** Runs on the loop; {@code rejected} gets the error when the loop no longer takes tasks (shut down). */
    private void run(Runnable task, Consumer<MqttClientException> rejected) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            rejected.accept(new MqttClientException("The client is closed", e));
        }
    }

    private static void checkQos(int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + qos);
        }
    }

    /** A topic name by the codec's rules (not empty, no wildcards, no U+0000, at most 65535 bytes). */
    private static void checkTopicName(String topic) {
        String invalid = TopicSyntax.invalidNameReason(topic);
        if (invalid != null) {
            throw new IllegalArgumentException("invalid topic name '" + topic + "': " + invalid);
        }
    }

    /** A topic filter by the codec's rules (wildcard placement, shared-subscription syntax, length...). */
    private static void checkFilter(String filter) {
        String invalid = TopicSyntax.invalidFilterReason(filter);
        if (invalid != null) {
            throw new IllegalArgumentException("invalid topic filter '" + filter + "': " + invalid);
        }
    }
}
