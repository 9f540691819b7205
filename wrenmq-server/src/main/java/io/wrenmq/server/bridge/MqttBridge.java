package io.wrenmq.server.bridge;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.MqttClientException;
import io.wrenmq.client.PublishResult;
import io.wrenmq.codec.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT bridge: a client connection to a remote broker ({@code bridges.mqtt.<name>}), fed from this broker through
 * the in-process API. {@link Uplink} carries the forwards (local -> remote, at least once, in publish order, through
 * the offline cache), {@link Downlink} the subscriptions (remote -> local). This class keeps the link: connects,
 * backs off from 1 s to {@code backoff_max} between failed attempts (less up to a fifth at random, so that bridges do
 * not retry in step), moves on to the next server after each failed attempt when hybrid bridging lists several (and
 * back to the first as soon as it answers again), and reconnects within half a second when an established link is
 * lost.
 *
 * <p>Threading: everything runs on one event loop (the bridge's), which the remote client and the in-process
 * subscriber's listener share; no state needs a lock. The getters are safe from any thread.
 */
public final class MqttBridge {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    private static final long FIRST_RETRY_MILLIS = 1000;

    /** Where the bridge stands, as the REST API shows it. */
    public enum State { STOPPED, CONNECTING, CONNECTED }

    /** Makes the remote client for one server; tests may count or wrap the clients. */
    @FunctionalInterface
    interface RemoteClients {
        MqttClient create(BridgeConfig config, BridgeServer server, EventLoop loop);
    }

    private final BridgeConfig config;
    private final EventLoop loop;
    private final RemoteClients clients;
    private final BridgeStats stats = new BridgeStats();
    private final Uplink uplink;
    private final Downlink downlink;
    private final TransparentSubscriptions transparent; // null unless transparent = true
    private final BridgeLinkEvents linkEvents;
    /** The settings in force since the REST API changed the subscriptions (set on the loop); null: {@link #config}. */
    private volatile BridgeConfig changed;

    private volatile State state = State.STOPPED;
    private volatile String server;
    private volatile long nextAttemptAtMillis;
    // confined to the loop
    private boolean running;
    private MqttClient client;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> failback;
    private int serverIndex;
    private int failures;

    public MqttBridge(BridgeConfig config, BridgeCacheConfig cache, WrenBroker broker, EventLoop loop) {
        this(config, cache, broker, loop, new BridgeClients());
    }

    MqttBridge(BridgeConfig config, BridgeCacheConfig cache, WrenBroker broker, EventLoop loop, RemoteClients clients) {
        this.config = config;
        this.loop = loop;
        this.clients = clients;
        this.uplink = new Uplink(config, cache, broker, loop, stats);
        this.transparent = config.transparent() ? new TransparentSubscriptions(config, broker, loop) : null;
        this.downlink = new Downlink(config, broker, stats, transparent);
        this.linkEvents = new BridgeLinkEvents(config, broker.events());
    }

    public BridgeConfig config() {
        return config;
    }

    public State state() {
        return state;
    }

    /**
     * Publishes a message on the remote broker over the bridge's connection (the rule engine's bridge action), outside
     * the forwards and the offline cache: the caller keeps what must be retried. Completes with the remote's answer,
     * or with null when the link is not up. Callable from any thread.
     */
    public CompletableFuture<PublishResult> publishRemote(String topic, byte[] payload, int qos, boolean retain) {
        CompletableFuture<PublishResult> out = new CompletableFuture<>();
        loop.execute(() -> {
            if (client == null || state != State.CONNECTED) {
                out.complete(null);
                return;
            }
            client.publish(topic, payload, qos, retain).whenComplete((r, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(r);
                }
            });
        });
        return out;
    }

    /** The server connected to or being tried; null before the first attempt. */
    public String server() {
        return server;
    }

    /** When the next connection attempt is due (epoch millis), 0 when none is waiting. */
    public long nextAttemptAtMillis() {
        return nextAttemptAtMillis;
    }

    public BridgeStats stats() {
        return stats;
    }

    /**
     * Starts connecting. The forward session is made (or resumed) first, so that messages for the remote are kept
     * from now on even when the remote cannot be reached yet. Completes when the session exists.
     */
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        loop.execute(() -> {
            if (running) {
                ready.complete(null);
                return;
            }
            running = true;
            state = State.CONNECTING;
            if (transparent != null) {
                transparent.start();
            }
            if (uplink.isEmpty()) {
                ready.complete(null);
                connect();
                return;
            }
            uplink.attach(null).whenComplete((v, e) -> loop.execute(() -> {
                if (e != null) {
                    LOG.error("Bridge {}: cannot create its forward session {}: {}", config.name(),
                            config.sessionName(), e.getMessage());
                }
                uplink.detach(); // offline until the link is up
                ready.complete(null);
                connect();
            }));
        });
        return ready;
    }

    /**
     * Stops: the forward session is detached (a persistent one keeps what waits for the remote) and the link closed
     * with a normal DISCONNECT (the remote discards the bridge's will). Completes when the DISCONNECT is out, or at once
     * without a link.
     */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            running = false;
            state = State.STOPPED;
            nextAttemptAtMillis = 0;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
            cancelFailback();
            uplink.detach();
            downlink.unlinked();
            if (transparent != null) {
                transparent.stop();
            }
            linkEvents.down(ReasonCode.SUCCESS);
            MqttClient c = client;
            client = null;
            if (c == null) {
                done.complete(null);
            } else {
                c.disconnect().whenComplete((v, e) -> done.complete(null));
            }
        });
        return done;
    }

    private void connect() {
        retry = null;
        nextAttemptAtMillis = 0;
        if (!running) {
            return;
        }
        BridgeServer target = config.servers().get(serverIndex);
        server = target.url();
        MqttClient c;
        try {
            c = clients.create(config, target, loop);
        } catch (RuntimeException e) {
            connectFailed(null, e);
            return;
        }
        client = c;
        c.onMessageAsync(downlink::fromRemote);
        c.onConnectionLost(e -> loop.execute(() -> connectionLost(c, e)));
        c.connect().whenComplete((result, e) -> loop.execute(() -> {
            if (e != null) {
                connectFailed(c, e);
            } else {
                connected(c, result.sessionPresent());
            }
        }));
    }

    private void connected(MqttClient c, boolean sessionPresent) {
        if (c != client || !running) {
            c.disconnect();
            return;
        }
        state = State.CONNECTED;
        failures = 0;
        stats.countConnected();
        linkEvents.up(config.servers().get(serverIndex), sessionPresent);
        LOG.info("Bridge {} connected to {} as {} (session present: {})", config.name(), server, config.clientId(),
                sessionPresent);
        downlink.subscribe(c, server);
        if (serverIndex != 0) {
            scheduleFailback();
        }
        if (!uplink.isEmpty()) {
            uplink.attach(c).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.error("Bridge {}: cannot attach its forward session: {}", config.name(), e.getMessage());
                }
            });
        }
    }

    private void connectFailed(MqttClient c, Throwable e) {
        if (c != client || !running) {
            return;
        }
        client = null;
        state = State.CONNECTING;
        failures++;
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        long delay = retryDelayMillis();
        // The first failure in a row is a WARN, then every 10th: an unreachable cloud must not fill the log.
        if (failures == 1 || failures % 10 == 0) {
            LOG.warn("Bridge {}: cannot connect to {} (attempt {}): {}; next attempt in {} ms", config.name(), server,
                    failures, cause.getMessage(), delay);
        } else {
            LOG.debug("Bridge {}: cannot connect to {} (attempt {}): {}", config.name(), server, failures,
                    cause.getMessage());
        }
        if (config.servers().size() > 1) {
            serverIndex = (serverIndex + 1) % config.servers().size(); // hybrid bridging: the next server
        }
        scheduleConnect(delay);
    }

    private void connectionLost(MqttClient c, MqttClientException e) {
        if (c != client || !running) {
            return;
        }
        client = null;
        state = State.CONNECTING;
        stats.countLost();
        cancelFailback();
        downlink.unlinked();
        linkEvents.down(e.reasonCode());
        uplink.detach(); // what was in flight stays in the session and goes out again, first, on the next link
        LOG.warn("Bridge {} lost its connection to {}: {}; reconnecting", config.name(), server, e.getMessage());
        scheduleConnect(ThreadLocalRandom.current().nextLong(100, 500));
    }

    /**
     * Hybrid bridging comes back: while linked to a later server, the first one is tried every {@code backoff_max}
     * with a second client; once it answers, the bridge moves over (make before break: the old link is closed only
     * then). What was in flight on the old link goes out again on the new one.
     */
    private void scheduleFailback() {
        cancelFailback();
        failback = loop.schedule(this::tryFirstServer, Math.max(FIRST_RETRY_MILLIS, config.backoffMax().toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private void cancelFailback() {
        if (failback != null) {
            failback.cancel(false);
            failback = null;
        }
    }

    private void tryFirstServer() {
        failback = null;
        MqttClient current = client;
        if (!running || state != State.CONNECTED || serverIndex == 0 || current == null) {
            return;
        }
        BridgeServer first = config.servers().get(0);
        MqttClient probe;
        try {
            probe = clients.create(config, first, loop);
        } catch (RuntimeException e) {
            scheduleFailback();
            return;
        }
        probe.onMessageAsync(downlink::fromRemote);
        probe.onConnectionLost(e -> loop.execute(() -> connectionLost(probe, e)));
        probe.connect().whenComplete((result, e) -> loop.execute(() -> {
            if (e != null) {
                LOG.debug("Bridge {}: {} still unreachable: {}", config.name(), first, e.getMessage());
                if (running && client == current) {
                    scheduleFailback();
                }
                return;
            }
            if (!running || client != current) {
                probe.disconnect(); // the link changed meanwhile
                return;
            }
            LOG.info("Bridge {}: {} is reachable again; moving back from {}", config.name(), first, server);
            uplink.detach();
            downlink.unlinked();
            linkEvents.down(ReasonCode.SUCCESS);
            current.disconnect();
            serverIndex = 0;
            server = first.url();
            client = probe;
            connected(probe, result.sessionPresent());
        }));
    }

    /** 1 s doubling per failure up to backoff_max, less up to a fifth at random. */
    private long retryDelayMillis() {
        long max = Math.max(FIRST_RETRY_MILLIS, config.backoffMax().toMillis());
        long d = Math.min(max, FIRST_RETRY_MILLIS << Math.min(20, failures - 1));
        return d - ThreadLocalRandom.current().nextLong(d / 5 + 1);
    }

    private void scheduleConnect(long delayMillis) {
        nextAttemptAtMillis = System.currentTimeMillis() + delayMillis;
        retry = loop.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The settings in force: {@link #config()} with the subscriptions the REST API added or removed since. */
    public BridgeConfig currentConfig() {
        BridgeConfig c = changed;
        return c != null ? c : config;
    }

    /**
     * Adds remote subscriptions at run time (REST {@code /bridges/sub/{name}}): routed at once, kept for every later
     * link, and subscribed on the link that is up now, with these MQTT 5 subscription properties (later links send
     * the configured sub_properties). An entry for a remote_topic subscribed already replaces it. Completes with the
     * remote's reason codes, or an empty list when no link is up (the next one subscribes them).
     */
    public CompletableFuture<List<ReasonCode>> subscribe(List<BridgeSubscription> entries, int subscriptionId,
            Map<String, String> userProperties) {
        return changeSubscriptions(b -> b.addSubscriptions(entries),
                c -> downlink.subscribe(c, server, entries, subscriptionId, userProperties));
    }

    /**
     * Removes remote subscriptions by remote_topic at run time, on the live link too (with these user properties when
     * the remote speaks MQTT 5); completes as {@link #subscribe}.
     */
    public CompletableFuture<List<ReasonCode>> unsubscribe(List<String> remoteTopics, Map<String, String> userProperties) {
        return changeSubscriptions(b -> b.removeSubscriptions(remoteTopics),
                c -> c.unsubscribe(remoteTopics, downlink.userProperties(userProperties)));
    }

    /**
     * On the loop: routes the remote's messages by the changed subscription entries from now on, then, with the link
     * up, sends the SUBSCRIBE or UNSUBSCRIBE {@code onLink} makes; completes with its reason codes, or an empty list
     * when no link is up (or it went meanwhile).
     */
    private CompletableFuture<List<ReasonCode>> changeSubscriptions(UnaryOperator<BridgeConfigBuilder> change,
            Function<MqttClient, CompletableFuture<List<ReasonCode>>> onLink) {
        CompletableFuture<List<ReasonCode>> done = new CompletableFuture<>();
        loop.execute(() -> {
            BridgeConfig next = change.apply(BridgeConfigBuilder.from(currentConfig())).build();
            downlink.routes(next.subscriptions());
            changed = next;
            MqttClient c = client;
            if (state != State.CONNECTED || c == null || !c.isConnected()) {
                done.complete(List.of());
                return;
            }
            onLink.apply(c).whenComplete((codes, e) -> done.complete(e != null ? List.of() : codes));
        });
        return done;
    }

    @Override
    public String toString() {
        return "bridge " + config.name() + " (" + state + ", " + server + ")";
    }
}
