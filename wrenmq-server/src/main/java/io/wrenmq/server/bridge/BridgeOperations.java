package io.wrenmq.server.bridge;

import io.wrenmq.client.PublishResult;
import io.wrenmq.codec.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * What the REST API may do with the bridges at run time (NanoMQ's {@code /api/v4/bridges/...}). Nothing here is
 * written to the configuration file: the changes last until ctrl/restart, a process restart, or a reload that changes
 * the {@code bridges} section (the file's settings apply again then). An unknown name throws
 * {@link NoSuchElementException}. Thread-safe.
 */
public interface BridgeOperations {

    /** Every configured bridge, in the file's order, running or not. */
    List<BridgeView> list();

    /** One bridge, or null when none has this name. */
    BridgeView get(String name);

    /**
     * Replaces a bridge's settings (its name picks the bridge): a running one is stopped and started again with them;
     * its forward session, and with it the offline cache, stays. With enable = false it stays (or becomes) stopped.
     */
    BridgeView replace(BridgeConfig config);

    /** Starts ({@code on}) or stops a bridge; idempotent. Its settings stay as they were. */
    BridgeView switchTo(String name, boolean on);

    /**
     * Adds remote subscriptions (an entry for a remote_topic the bridge subscribes already replaces it): routed at once
     * and, with the link up, subscribed on it with these MQTT 5 subscription properties. Completes with the remote's
     * reason code of each entry, or an empty list when the link is down (the next link subscribes them) or the
     * bridge is stopped (they apply when it starts).
     */
    CompletableFuture<List<ReasonCode>> subscribe(String name, List<BridgeSubscription> entries, int subscriptionId,
            Map<String, String> userProperties);

    /**
     * Removes remote subscriptions by remote_topic, on the live link too (with these MQTT 5 user properties); completes
     * as {@link #subscribe} does.
     */
    CompletableFuture<List<ReasonCode>> unsubscribe(String name, List<String> remoteTopics,
            Map<String, String> userProperties);

    /**
     * Publishes a message on a running bridge's remote broker over its connection (the rule engine's bridge action).
     * Completes with the remote's answer, or with null when the bridge is not running or its link is not up.
     */
    CompletableFuture<PublishResult> publishRemote(String bridge, String topic, byte[] payload, int qos, boolean retain);

    /** No bridges component (the REST API served on its own, in tests): no bridges. */
    BridgeOperations NONE = new BridgeOperations() {
        @Override
        public List<BridgeView> list() {
            return List.of();
        }

        @Override
        public BridgeView get(String name) {
            return null;
        }

        @Override
        public BridgeView replace(BridgeConfig config) {
            throw new NoSuchElementException(config.name());
        }

        @Override
        public BridgeView switchTo(String name, boolean on) {
            throw new NoSuchElementException(name);
        }

        @Override
        public CompletableFuture<List<ReasonCode>> subscribe(String name, List<BridgeSubscription> entries,
                int subscriptionId, Map<String, String> userProperties) {
            throw new NoSuchElementException(name);
        }

        @Override
        public CompletableFuture<List<ReasonCode>> unsubscribe(String name, List<String> remoteTopics,
                Map<String, String> userProperties) {
            throw new NoSuchElementException(name);
        }

        @Override
        public CompletableFuture<PublishResult> publishRemote(String bridge, String topic, byte[] payload, int qos,
                boolean retain) {
            return CompletableFuture.completedFuture(null);
        }
    };
}
