package io.wrenmq.server.bridge;

import java.time.Duration;

/**
 * NanoMQ's {@code bridges.mqtt.cache { ... }}: the offline cache every bridge keeps its forwarded QoS 1/2 messages in
 * while the remote is unreachable or slow. WrenMQ keeps them in the bridge's persistent session (the broker's store).
 *
 * @param enable            false = no cache: forwards that cannot be sent are dropped (counted)
 * @param diskCacheSize     messages kept per bridge at the most; beyond it the oldest is dropped (counted, logged)
 * @param flushMemThreshold NanoMQ's batch size for writing to SQLite; accepted, the store's group commit does this
 * @param resendInterval    NanoMQ's pause between two resent cached messages; accepted, the cache drains at the
 *                          window's speed
 */
public record BridgeCacheConfig(boolean enable, int diskCacheSize, int flushMemThreshold, Duration resendInterval) {
    public static final BridgeCacheConfig DEFAULT = new BridgeCacheConfig(true, 102_400, 100, Duration.ofSeconds(5));
}
