package io.wrenmq.broker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.wrenmq.broker.api.InProcessSession;
import io.wrenmq.broker.api.InProcessSubscriber;
import io.wrenmq.broker.api.MessageListener;
import io.wrenmq.broker.api.Publication;
import io.wrenmq.broker.api.SessionBacklog;
import io.wrenmq.broker.api.SubscriberOptions;
import io.wrenmq.broker.auth.AccessControl;
import io.wrenmq.broker.auth.AclAction;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.broker.auth.AclRules;
import io.wrenmq.broker.auth.AuthService;
import io.wrenmq.broker.auth.PasswordFileException;
import io.wrenmq.broker.delivery.MessageRouter;
import io.wrenmq.broker.delivery.SubscriptionService;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.limits.Limits;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.message.Publisher;
import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.protocol.BrokerContext;
import io.wrenmq.broker.routing.MemoryRetainedStore;
import io.wrenmq.broker.routing.RetainedStore;
import io.wrenmq.broker.routing.SubscriptionTrie;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.session.SessionRegistry;
import io.wrenmq.broker.store.MemoryStore;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.store.Store;
import io.wrenmq.broker.store.StoreException;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.sqlite.SqliteStore;
import io.wrenmq.broker.sys.EventTopicPublisher;
import io.wrenmq.broker.sys.SysTopicPublisher;
import io.wrenmq.broker.transport.MqttChannelInitializer;
import io.wrenmq.broker.transport.QuicListener;
import io.wrenmq.broker.transport.TlsSetupException;
import io.wrenmq.broker.transport.Transports;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Will;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable broker and the composition root: wires every part with plain constructors (no DI
 * container), binds the listeners, and shuts everything down. Build it from a {@link BrokerConfig},
 * {@link #start()} it, {@link #stop()} it:
 *
 * <pre>{@code
 * try (WrenBroker broker = new WrenBroker(new BrokerConfig().tcp("127.0.0.1", 1883))) {
 *     broker.start();
 *     ...
 * }
 * }</pre>
 */
public final class WrenBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WrenBroker.class);

    private final BrokerConfig config;
    private final BrokerMetrics metrics = new BrokerMetrics();
    private final SubscriptionTrie<Session> trie = new SubscriptionTrie<>();
    private final RetainedStore retained = new MemoryRetainedStore();
    private final Store store;
    private final MessageRouter router;
    private final AccessControl access;
    private final SessionRegistry sessions;
    private final BrokerContext context;
    private final Limits limits;
    private final SysTopicPublisher sys;
    private final EventHub events = new EventHub();
    private final List<Channel> serverChannels = new ArrayList<>();
    private final List<ListenerConfig> boundListeners = new ArrayList<>();
    private final ChannelGroup clientChannels = new DefaultChannelGroup("wrenmq-clients", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private volatile boolean started;

    public WrenBroker(BrokerConfig config) {
        this.config = config;
        this.store = createStore(config.persistence(), metrics);
        AuthService auth = new AuthService(config.auth(), config.listeners());
        // HTTP acl_req (asynchronous) is asked after the ACL file's rules and the embedder's authorizers.
        this.access = new AccessControl(config.acl(), auth.httpAclAuthorizer() == null ? List.of()
                : List.of(auth.httpAclAuthorizer()));
        this.router = new MessageRouter(trie, retained, config, metrics, store, access, events);
        this.sessions = new SessionRegistry(config, metrics, trie, this::publishWill, store, events);
        this.limits = new Limits(config.limits(), metrics.limits);
        // A ban added at run time (REST API, reload, flapping, failed logins) closes the connections it names at
        // once, as EMQX does: it must not wait for the banned client to reconnect. MQTT 5 has no "banned" DISCONNECT
        // code (0x8A is CONNACK only): such clients get 0x98 Administrative action.
        limits.banList().onAdd(rule -> sessions.closeMatching(rule.names(), ReasonCode.ADMINISTRATIVE_ACTION,
                rule.closeReason()));
        // Failed logins feed the flapping rule: too many from one address or client id ban it (ban list).
        auth.loginFailures().addListener((who, byClientId, byAddress) -> limits.loginFailed(who.clientId(), who.address()));
        this.context = new BrokerContext(config, metrics, sessions, router,
                new SubscriptionService(trie, retained, config, access), limits, access, auth, events);
        this.sys = new SysTopicPublisher(config.nodeName(), config.sysInterval(), metrics, sessions, router,
                this::publish, version());
        config.events().listeners().forEach(events::register);
        if (config.events().eventTopics()) {
            events.register(new EventTopicPublisher(config.nodeName(), this::publish));
        }
    }

    private static Store createStore(PersistenceConfig p, BrokerMetrics metrics) {
        return p.type() == PersistenceConfig.Type.SQLITE ? new SqliteStore(p, metrics) : new MemoryStore();
    }

    /** The WrenMQ version from the jar manifest, or "dev" when run from classes. */
    public static String version() {
        String v = WrenBroker.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** Binds every enabled listener; throws {@link BrokerStartException} naming the address when one fails. */
    public synchronized void start() {
        if (started) {
            return;
        }
        int threads = config.eventLoopThreads() > 0 ? config.eventLoopThreads()
                : Runtime.getRuntime().availableProcessors();
        bossGroup = Transports.group(1, "wrenmq-accept");
        workerGroup = Transports.group(threads, "wrenmq-io");
        try {
            context.auth().start(); // a bad password file stops start-up here (fail closed)
            restore();
            for (ListenerConfig l : config.listeners()) {
                if (l.enabled()) {
                    bind(l);
                }
            }
        } catch (BrokerStartException e) {
            stop();
            throw e;
        } catch (StoreException | PasswordFileException | TlsSetupException e) {
            stop();
            throw new BrokerStartException(e.getMessage(), e);
        }
        sys.start(workerGroup.next());
        limits.start(workerGroup.next());
        // Expired retained messages are never delivered (match() skips them); this frees their memory.
        workerGroup.next().scheduleWithFixedDelay(() -> retained.purgeExpired(System.currentTimeMillis()),
                30, 30, TimeUnit.SECONDS);
        started = true;
        LOG.info("WrenMQ {} started ({} transport, {} event loops), listening on {}", version(),
                Transports.name(), threads, describe(boundAddresses(), boundListeners));
    }

    /** Reads the store and rebuilds persistent sessions and retained messages, before any listener is bound. */
    private void restore() {
        long now = System.currentTimeMillis();
        StoreSnapshot snapshot = store.open(now);
        for (RetainedMessage r : snapshot.retained()) {
            retained.put(r);
        }
        sessions.restore(snapshot, workerGroup, now);
        if (store.durable()) {
            LOG.info("Persistence: SQLite at {} (sync {}); restored {} sessions, {} queued or in-flight messages,"
                    + " {} retained messages", config.persistence().path().toAbsolutePath(),
                    config.persistence().sync().name().toLowerCase(Locale.ROOT), sessions.size(),
                    snapshot.sessions().stream().mapToInt(r -> r.deliveries().size()).sum(), snapshot.retained().size());
        }
    }

    private void bind(ListenerConfig l) {
        if (l.kind() == ListenerConfig.Kind.QUIC) {
            bindQuic(l);
            return;
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                // A restarted broker (after a crash, or a quick restart) can take its port back at once.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new MqttChannelInitializer(context, config, l, clientChannels));
        try {
            Channel ch = b.bind(l.host(), l.port()).sync().channel();
            serverChannels.add(ch);
            boundListeners.add(l);
        } catch (Exception e) {
            throw new BrokerStartException("Cannot listen on " + l.host() + ":" + l.port() + " (listener "
                    + l.name() + "): " + e.getMessage(), e);
        }
    }

    /**
     * A quic listener needs quiche's native library: where it does not load (a platform without a native jar), this
     * listener is left out with one ERROR line naming the cause and the platform, and the rest of the broker runs.
     */
    private void bindQuic(ListenerConfig l) {
        String unavailable = QuicListener.unavailableReason();
        if (unavailable != null) {
            LOG.error("Not starting {} on {}:{}: {}; the other listeners run (docs/quic.md, \"Which platforms have QUIC\")",
                    l.describe(), l.host(), l.port(), unavailable);
            return;
        }
        try {
            Channel ch = QuicListener.bind(new MqttChannelInitializer(context, config, l, clientChannels), workerGroup, metrics);
            serverChannels.add(ch);
            boundListeners.add(l);
        } catch (TlsSetupException e) {
            throw e;
        } catch (Exception e) {
            throw new BrokerStartException("Cannot listen on " + l.host() + ":" + l.port() + " (UDP, listener "
                    + l.name() + "): " + e.getMessage(), e);
        }
    }

    private static String describe(List<InetSocketAddress> addresses, List<ListenerConfig> listeners) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            InetSocketAddress a = addresses.get(i);
            ListenerConfig l = listeners.get(i);
            String host = a.getAddress().getHostAddress();
            s.add((host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort()
                    + (l.kind() == ListenerConfig.Kind.TCP ? "" : " (" + l.kind().configName()
                            + (l.kind().webSocket() ? " " + l.webSocketPath() : "") + ")"));
        }
        return String.join(", ", s);
    }

    private void publishWill(Session session, Will will) {
        if (access.enabled()) {
            // A will is a PUBLISH of its client, judged by the rules in force when it goes out.
            CompletableFuture<AclDecision> decision = access.check(session, AclAction.PUBLISH, will.topic());
            if (!decision.isDone()) { // an asynchronous authorizer: publish from the session's loop when it answers
                decision.whenComplete((d, e) -> session.loop().execute(() -> publishWillIfAllowed(session, will, d)));
            } else {
                publishWillIfAllowed(session, will, decision.getNow(AclDecision.DENY));
            }
            return;
        }
        routeWill(session, will);
    }

    private void publishWillIfAllowed(Session session, Will will, AclDecision d) {
        if (d == AclDecision.ALLOW) {
            routeWill(session, will);
        } else {
            LOG.info("Will of {} to {} not published: denied by the ACL", session.clientId(), will.topic());
        }
    }

    private void routeWill(Session session, Will will) {
        LOG.debug("Publishing the will of {} to {}", session.clientId(), will.topic());
        // The Will Delay Interval is a CONNECT property, not a PUBLISH one.
        publish(Publication.of(will.topic(), will.payload()).qos(will.qos()).retain(will.retain())
                .properties(will.properties().without(PropertyId.WILL_DELAY_INTERVAL))
                .publisher(session.clientId(), session.identity().username()));
    }

    /**
     * Publishes a message into the broker from inside the process (the REST API, wills, $SYS, an embedding
     * application; later bridges and the rule engine), on the path of a client's PUBLISH: counted as received (not a
     * {@link Publication#system() system} one), the {@code message_publish} event, the retained store, Message Expiry,
     * routing. The ACL is not asked (the broker's own publication: check {@link #accessControl()} first when you act
     * for a client). Completes, with the number of sessions it was handed to, once it is safe: at once, or for a QoS
     * 1/2 message for persistent sessions (and a retained one) when the store has committed it; exceptionally when
     * the store failed. Callable from any thread once the broker is started.
     */
    public CompletableFuture<Integer> publish(Publication p) {
        Message m = new Message(p.topic(), p.qos(), p.isRetain(), p.properties(), Unpooled.wrappedBuffer(p.payload()),
                p.publisherId(), Message.expiryAtMillis(p.properties(), System::currentTimeMillis))
                .publisher(new Publisher(p.publisherId(), p.username(), null));
        try {
            int delivered;
            if (p.isSystem()) {
                delivered = router.routeNow(m);
            } else {
                metrics.messagesReceived.increment();
                metrics.messagesReceivedByQos[p.qos()].increment();
                delivered = router.publishNow(m, p.username());
            }
            CompletableFuture<Void> stored = m.storeCommit();
            return stored == null ? CompletableFuture.completedFuture(delivered) : stored.thenApply(v -> delivered);
        } finally {
            m.release();
        }
    }

    /**
     * Attaches an in-process subscriber: a session whose messages go to {@code listener} instead of a socket, with a
     * session's guarantees (see {@link InProcessSubscriber}); then call {@link InProcessSubscriber#subscribe}.
     * Completes once attached (a persistent session resumed). The broker must be started.
     */
    public CompletableFuture<InProcessSubscriber> subscribe(SubscriberOptions options, MessageListener listener) {
        EventLoopGroup group = workerGroup;
        if (group == null) {
            throw new IllegalStateException("the broker is not started");
        }
        return InProcessSession.attach(options, listener, sessions, context.subscriptions(), metrics, group.next());
    }

    /**
     * A non-persistent in-process subscriber of one topic filter, under a generated name ({@code close()} ends it).
     * Completes once the subscription is in force; exceptionally, with the subscriber closed again, for a bad filter.
     */
    public CompletableFuture<InProcessSubscriber> subscribe(String topicFilter, int qos, MessageListener listener) {
        String name = "wren-inproc-" + UUID.randomUUID().toString().replace("-", "");
        return subscribe(SubscriberOptions.named(name), listener).thenCompose(s -> s.subscribe(topicFilter, qos)
                .whenComplete((granted, e) -> {
                    if (e != null) {
                        s.close();
                    }
                }).thenApply(granted -> s));
    }

    /**
     * What waits in the session of {@code clientId} (queued and in flight, and what its full queue dropped), read on
     * the session's own loop, so that any thread may ask without touching loop-confined state: the REST API and
     * Prometheus show a bridge's offline cache with it. Completes with null when there is no such session (or the
     * broker is stopping). Exact at the moment it is read, approximate by the time the caller sees it.
     */
    public CompletableFuture<SessionBacklog> sessionBacklog(String clientId) {
        Session s = sessions.get(clientId);
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<SessionBacklog> backlog = new CompletableFuture<>();
        try {
            s.execute(() -> backlog.complete(new SessionBacklog(s.queuedCount(), s.inflightCount(),
                    s.outbound().droppedQueueFull())));
        } catch (RejectedExecutionException e) {
            backlog.complete(null); // the loops are shutting down
        }
        return backlog;
    }

    /** The bound address of each enabled listener, in configuration order (useful with port 0). */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : serverChannels) {
            out.add((InetSocketAddress) c.localAddress());
        }
        return out;
    }

    /** The port the first listener is bound to. */
    public int port() {
        return boundAddresses().get(0).getPort();
    }

    /** Closes the listeners and every connection; idempotent. */
    public synchronized void stop() {
        sys.stop();
        limits.stop();
        for (Channel c : serverChannels) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        serverChannels.clear();
        boundListeners.clear();
        clientChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (workerGroup != null) {
            sessions.releaseAll();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            bossGroup = null;
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            workerGroup = null;
        }
        context.auth().stop();
        store.close(); // after the loops: every write they queued is committed before the file is closed
        if (started) {
            LOG.info("WrenMQ stopped");
        }
        started = false;
    }

    @Override
    public void close() {
        stop();
    }

    public BrokerConfig config() {
        return config;
    }

    public BrokerMetrics metrics() {
        return metrics;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public MessageRouter router() {
        return router;
    }

    /** SUBSCRIBE/UNSUBSCRIBE for a session (run it on the session's loop): the REST API's /mqtt/subscribe uses it. */
    public SubscriptionService subscriptions() {
        return context.subscriptions();
    }

    /** Overload protection and bans; {@code limits().banList()} is the runtime ban list API. */
    public Limits limits() {
        return limits;
    }

    /** Authentication of this broker: its login-failure hook ({@code auth().loginFailures()}) is for ban lists. */
    public AuthService auth() {
        return context.auth();
    }

    public SysTopicPublisher sys() {
        return sys;
    }

    /**
     * The broker events registry: register a {@link io.wrenmq.broker.hook.BrokerEvents} listener here (also at run
     * time). Listeners are called on the event loops and must not block.
     */
    public EventHub events() {
        return events;
    }

    /** Authorization: the ACL in force. */
    public AccessControl accessControl() {
        return access;
    }

    /**
     * Replaces the ACL rules at run time: existing subscriptions and retained deliveries follow the new rules
     * from the next message on. Null removes the file rules.
     */
    public void replaceAclRules(AclRules rules) {
        access.replaceRules(rules);
    }
}
