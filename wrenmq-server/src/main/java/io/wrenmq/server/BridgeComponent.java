package io.wrenmq.server;

import io.netty.channel.EventLoopGroup;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.PublishResult;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.server.bridge.BridgeCacheConfig;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeConfigBuilder;
import io.wrenmq.server.bridge.BridgeOperations;
import io.wrenmq.server.bridge.BridgeSubscription;
import io.wrenmq.server.bridge.BridgeSysTopics;
import io.wrenmq.server.bridge.BridgeView;
import io.wrenmq.server.bridge.BridgesConfig;
import io.wrenmq.server.bridge.MqttBridge;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT bridges ({@code bridges.mqtt.<name>}) as a part of the server: started after the engine (they subscribe
 * and publish through its in-process API), stopped before it, restarted with it by ctrl/restart, and changed by a
 * hot reload bridge by bridge (a bridge whose block changed is stopped and started again with the new settings; its
 * forward session, and with it the offline cache, stays). They share one event loop thread: a bridge's work per
 * message is small, and one loop per bridge keeps each bridge's state lock-free.
 *
 * <p>It is also what the REST API changes the bridges through ({@link BridgeOperations}): switch, PUT, sub and unsub
 * act on the running bridges; what they do to a stopped bridge is kept as an API change of the file's configuration
 * and applies when it starts. Each bridge's state and counters go to $SYS with every round of statistics.
 */
final class BridgeComponent implements ServerComponent, BridgeOperations {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeComponent.class);
    private static final long STOP_WAIT_SECONDS = 5;

    private final BrokerRuntime runtime;
    private final Map<String, MqttBridge> bridges = new LinkedHashMap<>(); // guarded by this
    private EventLoopGroup group;
    private BridgesConfig current = BridgesConfig.NONE;
    /**
     * The settings the REST API gave bridges that are not running, each with the file's configuration ({@link #current})
     * it was made on: it counts only while that is still the one in force, so a reload that changed the bridges or a
     * ctrl/restart brings the file's settings back, as it does for running bridges. Guarded by this.
     */
    private final Map<String, ApiChange> apiChanges = new HashMap<>();

    private record ApiChange(BridgesConfig base, BridgeConfig config) {
    }

    BridgeComponent(BrokerRuntime runtime) {
        this.runtime = runtime;
        runtime.bridges(this);
        BridgeSysTopics sys = new BridgeSysTopics(this::list);
        runtime.broker().sys().addSource(() -> sys.entries(runtime.broker()));
        runtime.afterStart((started, config) -> started.sys().addSource(() -> sys.entries(started)));
    }

    @Override
    public String name() {
        return "bridges";
    }

    @Override
    public synchronized void start() {
        current = runtime.config().bridges();
        startAll(runtime.broker());
    }

    /** The bridges running now, in configuration order. */
    synchronized List<MqttBridge> bridges() {
        return new ArrayList<>(bridges.values());
    }

    @Override
    public synchronized void engineReplaced(WrenBroker next, ServerConfig config) {
        stopAll(); // their sessions were in the engine that stopped
    }

    @Override
    public synchronized void engineRestarted(WrenBroker started, ServerConfig config) {
        current = config.bridges();
        startAll(started);
    }

    @Override
    public synchronized void reload(ServerConfig fresh, ReloadReport report) {
        BridgesConfig next = fresh.bridges();
        if (next.equals(current)) {
            return;
        }
        boolean cacheChanged = !next.cache().equals(current.cache());
        Map<String, BridgeConfig> wanted = new LinkedHashMap<>();
        next.mqtt().stream().filter(BridgeConfig::enable).forEach(b -> wanted.put(b.name(), b));
        for (MqttBridge b : new ArrayList<>(bridges.values())) {
            BridgeConfig w = wanted.get(b.config().name());
            if (w == null || cacheChanged || !w.equals(b.config())) {
                stop(b);
                bridges.remove(b.config().name());
                report.applied("bridges.mqtt." + b.config().name() + (w == null ? " (stopped)" : " (restarted)"));
            }
        }
        current = next;
        for (BridgeConfig w : wanted.values()) {
            if (!bridges.containsKey(w.name())) {
                start(runtime.broker(), w, next.cache());
                report.applied("bridges.mqtt." + w.name());
            }
        }
    }

    @Override
    public synchronized void close() {
        stopAll();
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            group = null;
        }
    }

    // ---- BridgeOperations (the REST API) ----

    @Override
    public synchronized List<BridgeView> list() {
        List<BridgeView> out = new ArrayList<>();
        current.mqtt().forEach(b -> out.add(view(b.name())));
        return out;
    }

    @Override
    public synchronized BridgeView get(String name) {
        return configured(name) ? view(name) : null;
    }

    @Override
    public synchronized BridgeView replace(BridgeConfig config) {
        String name = known(config.name());
        MqttBridge running = bridges.remove(name);
        if (running != null) {
            stop(running);
        }
        if (config.enable()) {
            apiChanges.remove(name);
            start(runtime.broker(), config, current.cache());
        } else {
            apiChanges.put(name, new ApiChange(current, config));
        }
        LOG.info("Bridge {}: settings replaced through the REST API ({})", name, config.enable() ? "running" : "stopped");
        return view(name);
    }

    @Override
    public synchronized BridgeView switchTo(String name, boolean on) {
        known(name);
        MqttBridge running = bridges.get(name);
        if (on && running == null) {
            BridgeConfig c = BridgeConfigBuilder.from(stoppedConfig(name)).enable(true).build();
            apiChanges.remove(name);
            start(runtime.broker(), c, current.cache());
            LOG.info("Bridge {} switched on through the REST API", name);
        } else if (!on && running != null) {
            bridges.remove(name);
            stop(running);
            apiChanges.put(name, new ApiChange(current, BridgeConfigBuilder.from(running.currentConfig()).enable(false).build()));
            LOG.info("Bridge {} switched off through the REST API", name);
        }
        return view(name);
    }

    @Override
    public CompletableFuture<PublishResult> publishRemote(String bridge, String topic, byte[] payload, int qos,
            boolean retain) {
        MqttBridge running;
        synchronized (this) {
            running = bridges.get(bridge);
        }
        return running == null ? CompletableFuture.completedFuture(null)
                : running.publishRemote(topic, payload, qos, retain);
    }

    @Override
    public synchronized CompletableFuture<List<ReasonCode>> subscribe(String name, List<BridgeSubscription> entries,
            int subscriptionId, Map<String, String> userProperties) {
        MqttBridge running = bridges.get(known(name));
        if (running != null) {
            return running.subscribe(entries, subscriptionId, userProperties);
        }
        changeStopped(name, b -> b.addSubscriptions(entries));
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public synchronized CompletableFuture<List<ReasonCode>> unsubscribe(String name, List<String> remoteTopics,
            Map<String, String> userProperties) {
        MqttBridge running = bridges.get(known(name));
        if (running != null) {
            return running.unsubscribe(remoteTopics, userProperties);
        }
        changeStopped(name, b -> b.removeSubscriptions(remoteTopics));
        return CompletableFuture.completedFuture(List.of());
    }

    private boolean configured(String name) {
        return current.mqtt().stream().anyMatch(b -> b.name().equals(name));
    }

    private String known(String name) {
        if (!configured(name)) {
            throw new NoSuchElementException("no bridge named " + name);
        }
        return name;
    }

    private BridgeView view(String name) {
        MqttBridge running = bridges.get(name);
        return running != null ? BridgeView.of(running) : BridgeView.stopped(stoppedConfig(name));
    }

    /** A stopped bridge's settings: the REST API's while the file's configuration they were made on is in force. */
    private BridgeConfig stoppedConfig(String name) {
        ApiChange change = apiChanges.get(name);
        if (change != null && change.base() == current) {
            return change.config();
        }
        return current.mqtt().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private void changeStopped(String name, UnaryOperator<BridgeConfigBuilder> change) {
        apiChanges.put(name, new ApiChange(current, change.apply(BridgeConfigBuilder.from(stoppedConfig(name))).build()));
    }

    private void startAll(WrenBroker broker) {
        for (BridgeConfig b : current.mqtt()) {
            if (b.enable()) {
                start(broker, b, current.cache());
            } else {
                LOG.info("Bridge {} is configured with enable = false: not started", b.name());
            }
        }
    }

    private void start(WrenBroker broker, BridgeConfig config, BridgeCacheConfig cache) {
        if (group == null) {
            group = MqttClient.newEventLoopGroup(1, "wrenmq-bridge");
        }
        MqttBridge bridge = new MqttBridge(config, cache, broker, group.next());
        bridges.put(config.name(), bridge);
        await(bridge.start(), "start", config.name());
    }

    private void stopAll() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        bridges.values().forEach(b -> stopping.add(b.stop()));
        await(CompletableFuture.allOf(stopping.toArray(new CompletableFuture<?>[0])), "stop", "all");
        bridges.clear();
    }

    private static void stop(MqttBridge b) {
        await(b.stop(), "stop", b.config().name());
    }

    private static void await(CompletableFuture<?> f, String what, String name) {
        try {
            f.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Bridge {}: {} did not finish within {} s: {}", name, what, STOP_WAIT_SECONDS,
                    Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        }
    }
}
