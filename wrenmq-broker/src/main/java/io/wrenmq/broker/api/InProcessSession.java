package io.wrenmq.broker.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.delivery.SubscriptionService;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.broker.session.ConnectionDetails;
import io.wrenmq.broker.session.QueueDropPolicy;
import io.wrenmq.broker.session.QueueLimit;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.session.SessionConnection;
import io.wrenmq.broker.session.SessionRegistry;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InProcessSubscriber}: the {@link SessionConnection} of a session whose client is a listener in this
 * process. The session does everything it does for a network client (window, queue, resends, store); this class
 * turns its PUBLISH into a {@link ReceivedMessage} and the listener's {@link ReceivedMessage#ack()} into the PUBACK,
 * or PUBREC then PUBCOMP, it would have read from a socket.
 *
 * <p>Threading: the SessionConnection methods are called on the session's loop, the attached "connection's" loop;
 * acknowledgements are posted to that loop as tasks, never run inside a call from the session (which may be
 * iterating its in-flight messages).
 */
public final class InProcessSession implements InProcessSubscriber, SessionConnection {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessSession.class);
    private static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    private final SubscriberOptions options;
    private final MessageListener listener;
    private final SessionRegistry registry;
    private final SubscriptionService subscriptions;
    private final BrokerMetrics metrics;
    private final ClientIdentity identity;
    private volatile Session session;
    private volatile boolean open;
    private long connectedAtMillis;

    private InProcessSession(SubscriberOptions options, MessageListener listener, SessionRegistry registry,
            SubscriptionService subscriptions, BrokerMetrics metrics) {
        this.options = options;
        this.listener = listener;
        this.registry = registry;
        this.subscriptions = subscriptions;
        this.metrics = metrics;
        // The broker's own consumer: the ACL does not filter what it receives.
        this.identity = ClientIdentity.ofClientId(options.name()).withSuperuser(true);
    }

    /**
     * Attaches a new in-process subscriber to the session named in {@code options} on {@code loop}: takes over a
     * subscriber or client attached under that name, resumes a persistent session (what was in flight is sent again
     * with DUP, then the queue), and completes once attached.
     */
    public static CompletableFuture<InProcessSubscriber> attach(SubscriberOptions options, MessageListener listener,
            SessionRegistry registry, SubscriptionService subscriptions, BrokerMetrics metrics, EventLoop loop) {
        InProcessSession s = new InProcessSession(options, listener, registry, subscriptions, metrics);
        CompletableFuture<InProcessSubscriber> attached = new CompletableFuture<>();
        boolean persistent = options.isPersistent();
        registry.connect(options.name(), !persistent, persistent ? NEVER_EXPIRES : 0, null, s, loop, (session, present) -> {
            s.session = session;
            s.open = true;
            session.markInProcess();
            if (options.maxQueued() >= 0) {
                session.outbound().queueLimit(new QueueLimit(options.maxQueued(),
                        options.dropOldest() ? QueueDropPolicy.DROP_OLDEST : QueueDropPolicy.DROP_NEWEST, true));
            }
            s.connectedAtMillis = System.currentTimeMillis();
            LOG.debug("In-process subscriber {} attached (session present {})", options.name(), present);
            attached.complete(s);
            session.resume();
        });
        return attached;
    }

    // ---- InProcessSubscriber ----

    @Override
    public String name() {
        return options.name();
    }

    @Override
    public CompletableFuture<Integer> subscribe(String topicFilter, int qos) {
        CompletableFuture<Integer> granted = new CompletableFuture<>();
        String invalid = TopicSyntax.invalidFilterReason(topicFilter);
        if (invalid != null || qos < 0 || qos > 2) {
            granted.completeExceptionally(new IllegalArgumentException(invalid != null
                    ? "invalid topic filter " + topicFilter + ": " + invalid : "qos must be 0, 1 or 2: " + qos));
            return granted;
        }
        Session s = session;
        s.execute(() -> {
            if (!open) {
                granted.completeExceptionally(new IllegalStateException("subscriber " + name() + " is closed"));
                return;
            }
            Subscription sub = new Subscription(topicFilter, qos, options.noLocal(), options.retainAsPublished(),
                    options.retainHandling());
            SubscriptionService.Result r = subscriptions.subscribe(s, sub, 0);
            if (r.reasonCode().isError()) {
                granted.completeExceptionally(new IllegalArgumentException(topicFilter + ": " + r.reasonCode().description()));
                return;
            }
            Runnable done = () -> {
                granted.complete(r.reasonCode().value()); // the granted QoS, as SUBACK says
                subscriptions.sendRetained(s, sub, 0, r.existed());
            };
            if (r.stored() == null || r.stored().isDone()) {
                done.run();
            } else {
                r.stored().whenComplete((v, e) -> s.execute(done)); // in force at once; committed now
            }
        });
        return granted;
    }

    @Override
    public CompletableFuture<Boolean> unsubscribe(String topicFilter) {
        CompletableFuture<Boolean> existed = new CompletableFuture<>();
        Session s = session;
        s.execute(() -> existed.complete(subscriptions.unsubscribe(s, topicFilter) == ReasonCode.SUCCESS));
        return existed;
    }

    @Override
    public List<String> subscriptions() {
        CompletableFuture<List<String>> filters = new CompletableFuture<>();
        Session s = session;
        s.execute(() -> {
            List<String> out = new ArrayList<>();
            s.subscriptions().forEach(e -> out.add(e.options().topicFilter()));
            filters.complete(out);
        });
        try {
            return filters.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the session of " + name() + " did not answer", e);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            Session s = session;
            try {
                s.execute(() -> registry.disconnected(s, this, true));
            } catch (RejectedExecutionException e) {
                // The broker has stopped (ctrl/restart closes the parts built on it after the engine): its sessions
                // are gone with it, there is nothing left to detach from.
            }
        }
    }

    // ---- SessionConnection (on the session's loop) ----

    @Override
    public MqttVersion version() {
        return MqttVersion.V5;
    }

    @Override
    public boolean sendPublish(Message m, int qos, boolean retain, int packetId, boolean dup, int[] subscriptionIds) {
        if (!open) {
            return true; // detaching: the session keeps QoS 1/2 state for the next subscriber
        }
        Properties props = m.properties();
        if (m.expiryAtMillis() != 0) { // the interval still left [MQTT-3.3.2-6]
            props = props.toBuilder().put(PropertyId.MESSAGE_EXPIRY_INTERVAL,
                    m.remainingExpirySeconds(System.currentTimeMillis())).build();
        }
        Session s = session;
        Runnable ack = qos == 1 ? () -> post(s, () -> s.outbound().onPubAck(packetId))
                : qos == 2 ? () -> post(s, () -> s.outbound().onPubRec(packetId, false)) : null;
        // Completing the message's safe-elsewhere future needs no reference count: it touches no payload.
        ReceivedMessage received = new ReceivedMessage(m.topic(), ByteBufUtil.getBytes(m.payload()), qos, m.qos(), retain,
                dup, props, m.publisher(), ack, m::markSafeElsewhere);
        metrics.messagesSent.increment();
        metrics.messagesSentByQos[qos].increment();
        if (options.executor() == null) {
            deliver(received);
        } else {
            options.executor().execute(() -> deliver(received));
        }
        return true;
    }

    private void deliver(ReceivedMessage m) {
        try {
            listener.onMessage(m);
        } catch (RuntimeException e) {
            LOG.warn("The listener of in-process subscriber {} failed on a message to {}; it stays unacknowledged",
                    name(), m.topic(), e);
        }
    }

    /** The PUBCOMP a client would answer the broker's PUBREL with, once the listener acknowledged at QoS 2. */
    @Override
    public void sendPubRel(int packetId) {
        Session s = session;
        post(s, () -> s.outbound().onPubComp(packetId));
    }

    /** Runs on the session's loop as a later task: never inside the session's own call. */
    private static void post(Session s, Runnable task) {
        s.loop().execute(() -> s.execute(task));
    }

    @Override
    public int receiveMaximum() {
        return options.maxInflight();
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void queueCongested() {
        // not a publisher: nothing to resume
    }

    @Override
    public void closeForTakeover() {
        open = false; // another subscriber (or a client) with this name has the session now
        LOG.info("In-process subscriber {}: its session was taken over", name());
    }

    @Override
    public String remoteAddress() {
        return "in-process";
    }

    @Override
    public ClientIdentity identity() {
        return identity;
    }

    @Override
    public ConnectionDetails details() {
        return new ConnectionDetails("in-process", MqttVersion.V5.level(), 0, !options.isPersistent(), connectedAtMillis,
                "in-process", 0, "in-process");
    }

    /** An operator's kick or a ban: the subscriber detaches (its session lives on as its expiry says). */
    @Override
    public void close(ReasonCode reason, String why) {
        LOG.info("In-process subscriber {} detached: {}", name(), why);
        close();
    }
}
