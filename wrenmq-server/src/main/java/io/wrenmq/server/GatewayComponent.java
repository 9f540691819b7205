package io.wrenmq.server;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.gateway.Gateway;
import io.wrenmq.server.gateway.GatewayConfig;
import io.wrenmq.server.gateway.GatewayOperations;
import io.wrenmq.server.gateway.GatewayView;
import io.wrenmq.server.gateway.GatewaysConfig;
import io.wrenmq.server.gateway.InProcessMqttSide;
import io.wrenmq.server.gateway.nngbridge.NngGateway;
import io.wrenmq.server.gateway.nngbridge.NngGatewayConfig;
import io.wrenmq.server.gateway.nngbridge.NngSockets;
import io.wrenmq.server.gateway.zmq.ZmqGateway;
import io.wrenmq.server.gateway.zmq.ZmqGatewayConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateways ({@code gateway.mqtt} + {@code gateway.zmq}; {@code bridges.nng.pub|sub|pair.<name>}; docs/gateways.md)
 * as a part of the server: started after
 * the engine (their MQTT end is an in-process session), stopped before it, made again by ctrl/restart, and changed by
 * a hot reload gateway by gateway: one whose configuration changed is stopped and started again with the new
 * settings, the others keep running (and keep their counters). It is also what the REST API switches them through
 * ({@link GatewayOperations}); a switch lasts until the next reload or restart brings back the file's {@code enable}.
 */
final class GatewayComponent implements ServerComponent, GatewayOperations {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayComponent.class);

    private final BrokerRuntime runtime;
    private final Map<String, Gateway> running = new LinkedHashMap<>(); // guarded by this
    private GatewaysConfig current = GatewaysConfig.NONE;

    GatewayComponent(BrokerRuntime runtime) {
        this.runtime = runtime;
        runtime.gateways(this);
    }

    @Override
    public String name() {
        return "gateways";
    }

    @Override
    public synchronized void start() {
        current = runtime.config().gateways();
        startAll(runtime.broker());
    }

    @Override
    public synchronized void engineReplaced(WrenBroker next, ServerConfig config) {
        stopAll(); // their sessions were in the engine that stopped
    }

    @Override
    public synchronized void engineRestarted(WrenBroker started, ServerConfig config) {
        current = config.gateways();
        startAll(started);
    }

    @Override
    public synchronized void reload(ServerConfig fresh, ReloadReport report) {
        GatewaysConfig next = fresh.gateways();
        if (next.equals(current)) {
            return;
        }
        for (Gateway g : new ArrayList<>(running.values())) {
            GatewayConfig wanted = next.find(g.config().name()).filter(GatewayConfig::enable).orElse(null);
            if (!g.config().equals(wanted)) {
                stop(g);
                report.applied("gateway." + g.config().name() + (wanted == null ? " (stopped)" : " (restarted)"));
            }
        }
        current = next;
        for (GatewayConfig c : next.gateways()) {
            if (c.enable() && !running.containsKey(c.name())) {
                start(runtime.broker(), c);
                report.applied("gateway." + c.name());
            }
        }
    }

    @Override
    public synchronized void close() {
        stopAll();
    }

    // ---- GatewayOperations (the REST API, Prometheus) ----

    @Override
    public synchronized List<GatewayView> list() {
        return current.gateways().stream().map(this::view).toList();
    }

    @Override
    public synchronized GatewayView get(String name) {
        return current.find(name).map(this::view).orElse(null);
    }

    @Override
    public synchronized GatewayView switchTo(String name, boolean on) {
        GatewayConfig c = current.find(name).orElse(null);
        if (c == null) {
            return null;
        }
        Gateway g = running.get(name);
        if (on && g == null) {
            if (!start(runtime.broker(), c)) {
                throw new IllegalStateException("gateway " + name + " did not start; the broker's log says why");
            }
            LOG.info("Gateway {} switched on through the REST API", name);
        } else if (!on && g != null) {
            stop(g);
            LOG.info("Gateway {} switched off through the REST API", name);
        }
        return view(c);
    }

    private GatewayView view(GatewayConfig c) {
        Gateway g = running.get(c.name());
        return g != null ? g.view() : GatewayView.stopped(c);
    }

    private void startAll(WrenBroker broker) {
        for (GatewayConfig c : current.gateways()) {
            if (c.enable()) {
                start(broker, c);
            } else {
                LOG.info("Gateway {} is configured with enable = false: not started", c.name());
            }
        }
    }

    /** Starts one; a failure is logged and leaves it stopped (the broker and the other gateways run on). */
    private boolean start(WrenBroker broker, GatewayConfig c) {
        Gateway g = create(broker, c);
        try {
            g.start();
            running.put(c.name(), g);
            return true;
        } catch (Exception e) {
            g.close();
            LOG.error("Gateway {} did not start: {}", c.name(), e.toString());
            return false;
        }
    }

    private static Gateway create(WrenBroker broker, GatewayConfig c) {
        if (c instanceof ZmqGatewayConfig z) {
            return new ZmqGateway(z, new InProcessMqttSide(broker, "$gateway/" + z.name()));
        }
        if (c instanceof NngGatewayConfig n) {
            return new NngGateway(n, new InProcessMqttSide(broker, n.sessionName()), NngSockets::open);
        }
        throw new IllegalArgumentException("no gateway of type " + c.type());
    }

    private void stop(Gateway g) {
        running.remove(g.config().name());
        g.close();
    }

    private void stopAll() {
        new ArrayList<>(running.values()).forEach(this::stop);
    }
}
