package io.wrenmq.server.gateway;

import java.util.Map;

/** One configured gateway: its name (the REST path and metric label), kind, whether it runs, and its settings. */
public interface GatewayConfig {
    String name();

    /** "zmq", "nng". */
    String type();

    /** false = configured but not started (PUT /gateways/{name}/switch starts it). */
    boolean enable();

    /** The settings as the REST API shows them (secrets masked), in a stable order. */
    Map<String, Object> settings();
}
