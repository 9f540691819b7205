package io.wrenmq.server.bridge;

import io.wrenmq.codec.MqttVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A changed copy of a {@link BridgeConfig}: what the REST API changes at run time (PUT /bridges/{name}, switch, sub,
 * unsub). The parts it has no setter for (ssl, conn_properties, will, transparent) stay as the file has them. Not
 * thread-safe; the built record is immutable.
 */
public final class BridgeConfigBuilder {
    private final BridgeConfig from;
    private boolean enable;
    private List<BridgeServer> servers;
    private MqttVersion version;
    private String clientId;
    private Duration keepAlive;
    private Duration backoffMax;
    private boolean cleanStart;
    private String username;
    private String password;
    private List<BridgeForward> forwards;
    private final List<BridgeSubscription> subscriptions;
    private int subscriptionId;
    private Map<String, String> subscriptionUserProperties;
    private int maxParallelProcesses;
    private int maxSendQueueLen;
    private int maxInflight;
    private int maxRecvQueueLen;
    private Duration resendInterval;
    private Duration resendWait;
    private Duration cancelTimeout;

    private BridgeConfigBuilder(BridgeConfig c) {
        from = c;
        enable = c.enable();
        servers = c.servers();
        version = c.version();
        clientId = c.clientId();
        keepAlive = c.keepAlive();
        backoffMax = c.backoffMax();
        cleanStart = c.cleanStart();
        username = c.username();
        password = c.password();
        forwards = c.forwards();
        subscriptions = new ArrayList<>(c.subscriptions());
        subscriptionId = c.subscriptionId();
        subscriptionUserProperties = c.subscriptionUserProperties();
        maxParallelProcesses = c.maxParallelProcesses();
        maxSendQueueLen = c.maxSendQueueLen();
        maxInflight = c.maxInflight();
        maxRecvQueueLen = c.maxRecvQueueLen();
        resendInterval = c.resendInterval();
        resendWait = c.resendWait();
        cancelTimeout = c.cancelTimeout();
    }

    /** A builder that starts from {@code config}'s values. */
    public static BridgeConfigBuilder from(BridgeConfig config) {
        return new BridgeConfigBuilder(config);
    }

    public BridgeConfigBuilder enable(boolean value) {
        enable = value;
        return this;
    }

    /** {@code server}, then the hybrid_servers in failover order. */
    public BridgeConfigBuilder servers(List<BridgeServer> value) {
        servers = value;
        return this;
    }

    public BridgeConfigBuilder version(MqttVersion value) {
        version = value;
        return this;
    }

    public BridgeConfigBuilder clientId(String value) {
        clientId = value;
        return this;
    }

    public BridgeConfigBuilder keepAlive(Duration value) {
        keepAlive = value;
        return this;
    }

    public BridgeConfigBuilder backoffMax(Duration value) {
        backoffMax = value;
        return this;
    }

    public BridgeConfigBuilder cleanStart(boolean value) {
        cleanStart = value;
        return this;
    }

    /** Null for none. */
    public BridgeConfigBuilder username(String value) {
        username = value;
        return this;
    }

    /** Null for none. */
    public BridgeConfigBuilder password(String value) {
        password = value;
        return this;
    }

    public BridgeConfigBuilder forwards(List<BridgeForward> value) {
        forwards = value;
        return this;
    }

    /** Replaces every subscription entry. */
    public BridgeConfigBuilder subscriptions(List<BridgeSubscription> value) {
        subscriptions.clear();
        subscriptions.addAll(value);
        return this;
    }

    /**
     * Adds entries; one whose remote_topic is subscribed already replaces that entry, as a second SUBSCRIBE of the same
     * filter replaces the first on the remote [MQTT-3.8.4-3].
     */
    public BridgeConfigBuilder addSubscriptions(List<BridgeSubscription> added) {
        for (BridgeSubscription s : added) {
            subscriptions.removeIf(e -> e.remoteTopic().equals(s.remoteTopic()));
            subscriptions.add(s);
        }
        return this;
    }

    /** Removes the entries of these remote topic filters. */
    public BridgeConfigBuilder removeSubscriptions(Collection<String> remoteTopics) {
        subscriptions.removeIf(e -> remoteTopics.contains(e.remoteTopic()));
        return this;
    }

    public BridgeConfigBuilder subscriptionProperties(int identifier, Map<String, String> userProperties) {
        subscriptionId = identifier;
        subscriptionUserProperties = userProperties;
        return this;
    }

    public BridgeConfigBuilder maxParallelProcesses(int value) {
        maxParallelProcesses = value;
        return this;
    }

    public BridgeConfigBuilder maxSendQueueLen(int value) {
        maxSendQueueLen = value;
        return this;
    }

    public BridgeConfigBuilder maxInflight(int value) {
        maxInflight = value;
        return this;
    }

    public BridgeConfigBuilder maxRecvQueueLen(int value) {
        maxRecvQueueLen = value;
        return this;
    }

    public BridgeConfigBuilder resendInterval(Duration value) {
        resendInterval = value;
        return this;
    }

    public BridgeConfigBuilder resendWait(Duration value) {
        resendWait = value;
        return this;
    }

    public BridgeConfigBuilder cancelTimeout(Duration value) {
        cancelTimeout = value;
        return this;
    }

    public BridgeConfig build() {
        return new BridgeConfig(from.name(), enable, servers, version, clientId, keepAlive, backoffMax, cleanStart,
                username, password, from.tls(), from.connProperties(), from.will(), forwards, subscriptions,
                subscriptionId, subscriptionUserProperties, from.transparent(), maxParallelProcesses, maxSendQueueLen,
                maxInflight, maxRecvQueueLen, resendInterval, resendWait, cancelTimeout);
    }
}
