package io.wrenmq.broker;

import java.util.Objects;

/**
 * One MQTT listener: a name (the key under `listeners.tcp`), the address to bind, whether it is on,
 * and how many connections it accepts at once (0 = no per-listener limit).
 */
public record ListenerConfig(String name, String host, int port, boolean enabled, int maxConnections) {
    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A TCP listener on the given address, on and without a connection limit. */
    public static ListenerConfig tcp(String host, int port) {
        return new ListenerConfig("default", host, port, true, 0);
    }
}
