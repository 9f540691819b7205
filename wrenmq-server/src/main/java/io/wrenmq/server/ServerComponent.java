package io.wrenmq.server;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.ReloadReport;
import io.wrenmq.server.reload.Reloadable;

/**
 * A part of the server that starts, reloads and stops with it: the WebHooks, the MQTT bridges and the REST API today;
 * rules, gateways and the dashboard later. {@link WrenServer} starts its components in order, with the engine at its place
 * among them, and closes them in the reverse order: a component that must see the engine from its first event on
 * (WebHooks) starts before the engine and closes after it; one that serves the running engine (the REST API) starts
 * after it and closes before it. Every component takes part in hot reload ({@link Reloadable}).
 */
public interface ServerComponent extends Reloadable {

    /** Starts it; on a failure the server closes the components already started and does not start. */
    void start() throws Exception;

    /** ctrl/restart has made a new engine with this configuration; it starts right after this call. */
    default void engineReplaced(WrenBroker next, ServerConfig config) {
    }

    /** ctrl/restart has started the new engine (or, when that failed, the previous configuration's again). */
    default void engineRestarted(WrenBroker started, ServerConfig config) {
    }

    /** Takes the reloaded file's settings; by default there are none that apply without a restart. */
    @Override
    default void reload(ServerConfig fresh, ReloadReport report) throws Exception {
    }

    /** Stops it and releases its threads and ports; called once, also after a failed or partial start. */
    void close();
}
