package io.wrenmq.server.gateway;

/**
 * A running gateway: made by the gateway component (or `wrenmq gateway`) from its configuration and an
 * {@link MqttSide}, started once, closed once. Its threads are its own; close() returns when they have ended.
 */
public interface Gateway extends AutoCloseable {
    GatewayConfig config();

    /** Opens the peer sockets, attaches the MQTT side and starts forwarding both ways. */
    void start() throws Exception;

    /** Its status and counters now. */
    GatewayView view();

    /** Stops forwarding, closes both sides; what was still queued is counted as dropped. Idempotent. */
    @Override
    void close();
}
