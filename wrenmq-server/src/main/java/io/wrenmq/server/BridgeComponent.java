package io.wrenmq.server;

import io.netty.channel.EventLoopGroup;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.client.MqttClient;
import io.wrenmq.server.bridge.BridgeCacheConfig;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgesConfig;
import io.wrenmq.server.bridge.MqttBridge;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT bridges ({@code bridges.mqtt.<name>}) as a part of the server: started after the engine (they subscribe
 * and publish through its in-process API), stopped before it, restarted with it by ctrl/restart, and changed by a
 * hot reload bridge by bridge (a bridge whose block changed is stopped and started again with the new settings; its
 * forward session, and with it the offline cache, stays). They share one event loop thread: a bridge's work per
 * message is small, and one loop per bridge keeps each bridge's state lock-free.
 */
final class BridgeComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeComponent.class);
    private static final long STOP_WAIT_SECONDS = 5;

    private final BrokerRuntime runtime;
    private final Map<String, MqttBridge> bridges = new LinkedHashMap<>(); // guarded by this
    private EventLoopGroup group;
    private BridgesConfig current = BridgesConfig.NONE;

    BridgeComponent(BrokerRuntime runtime) {
        this.runtime = runtime;
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
