package io.wrenmq.broker;

import io.wrenmq.broker.auth.AclConfig;
import io.wrenmq.broker.auth.AuthConfig;
import io.wrenmq.broker.protocol.ProtocolSettings;
import io.wrenmq.broker.session.SessionSettings;
import io.wrenmq.broker.hook.EventsConfig;
import io.wrenmq.broker.limits.LimitsConfig;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.routing.SharedSubscriptionStrategy;
import io.wrenmq.broker.session.OnlineQueueFull;
import io.wrenmq.broker.session.QueueDropPolicy;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.broker.transport.TransportSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the engine needs to know, as plain Java values. The server module fills it from the HOCON
 * file (key names in the comments); an embedding application or a test fills it directly. Setters return
 * this for chaining; the object is read once by {@link WrenBroker#start()}.
 *
 * <p>Defaults are secure and conservative: one TCP listener on 127.0.0.1:1883.
 *
 * <p>Each part's own settings object sits in that part's package ({@code listener.ListenerConfig},
 * {@code limits.LimitsConfig}, {@code store.PersistenceConfig}, ...). Packages below the root read the flat
 * {@code mqtt.*} values through an interface of their own that this class implements ({@link DeliverySettings},
 * {@link TransportSettings}), so they never import the composition root.
 */
public final class BrokerConfig implements ProtocolSettings, SessionSettings, TransportSettings {
    private List<ListenerConfig> listeners = new ArrayList<>(List.of(ListenerConfig.tcp("127.0.0.1", 1883)));
    private int eventLoopThreads = 0;                       // system.num_taskq_thread (0 = number of cores)
    private String nodeName = "wrenmq@127.0.0.1";           // system.node_name, used in $SYS/brokers/<node>/
    private Duration sysInterval = Duration.ofSeconds(10);  // system.sys_interval (0 = no periodic $SYS)
    private volatile int maxPacketSize = 10 * 1024 * 1024;           // mqtt.max_packet_size
    private volatile int maxMqueueLen = 1024;                        // mqtt.max_mqueue_len
    private volatile QueueDropPolicy mqueueDropPolicy = QueueDropPolicy.DROP_NEWEST; // mqtt.mqueue_drop
    private volatile boolean mqueueStoreQos0 = false;                // mqtt.mqueue_store_qos0
    private volatile OnlineQueueFull onlineQueueFull = OnlineQueueFull.BACKPRESSURE; // mqtt.online_queue_full
    private volatile Duration backpressureTimeout = Duration.ofSeconds(10); // mqtt.backpressure_timeout
    private volatile long backpressureMaxMemory = 64L * 1024 * 1024; // mqtt.backpressure_max_memory (bytes)
    private volatile Duration retryInterval = Duration.ofSeconds(10); // mqtt.retry_interval (v3 only; 0 = off)
    private volatile double keepaliveMultiplier = 1.5;               // mqtt.keepalive_multiplier
    private volatile int maxKeepalive = 65535;                       // mqtt.max_keepalive (v5 Server Keep Alive when lower)
    private volatile int maxInflightWindow = 32;                     // mqtt.max_inflight_window (outbound, per client)
    private volatile int receiveMaximum = 128;                       // mqtt.receive_maximum (inbound QoS 1/2 window)
    private volatile int topicAliasMaximum = 64;                     // mqtt.topic_alias_maximum (0 = no aliases)
    private volatile Duration connectTimeout = Duration.ofSeconds(10); // mqtt.connect_timeout
    private volatile Duration closeDrainTimeout = Duration.ofSeconds(2); // no file key: see transport.GracefulClose
    private volatile long maxSessionExpiryInterval = 0xFFFFFFFFL;    // mqtt.max_session_expiry_interval, seconds
    private volatile int maxQos = 2;                                 // mqtt.max_qos
    private volatile boolean retainAvailable = true;                 // mqtt.retain_available
    private volatile boolean wildcardSubscriptionAvailable = true;   // mqtt.wildcard_subscription
    private volatile boolean sharedSubscriptionAvailable = true;     // mqtt.shared_subscription
    private volatile boolean subscriptionIdentifierAvailable = true; // mqtt.subscription_identifier
    private volatile SharedSubscriptionStrategy sharedSubscriptionStrategy = SharedSubscriptionStrategy.ROUND_ROBIN; // mqtt.shared_subscription_strategy
    private volatile int maxClientIdLength = 65535;                  // mqtt.max_clientid_len
    private PersistenceConfig persistence = new PersistenceConfig(); // persistence { ... }
    private LimitsConfig limits = new LimitsConfig();       // limits, flapping_detect, banned, mqtt.max_subscriptions/max_topic_levels
    private AclConfig acl = new AclConfig();                 // auth { no_match, deny_action, cache, acl } (authorization)
    private AuthConfig auth = new AuthConfig(); // auth { ... }
    private EventsConfig events = new EventsConfig(); // listeners, system.event_topics

    public List<ListenerConfig> listeners() { return listeners; }
    public BrokerConfig listeners(List<ListenerConfig> value) { this.listeners = new ArrayList<>(value); return this; }
    /** Replaces the listeners with one TCP listener (port 0 = an ephemeral port, as tests use). */
    public BrokerConfig tcp(String host, int port) { this.listeners = new ArrayList<>(List.of(ListenerConfig.tcp(host, port))); return this; }

    public int eventLoopThreads() { return eventLoopThreads; }
    public BrokerConfig eventLoopThreads(int value) { this.eventLoopThreads = nonNegative(value, "eventLoopThreads"); return this; }

    public String nodeName() { return nodeName; }
    /** One topic level of $SYS/brokers/<node_name>/: not empty, no '/', '+', '#' or U+0000 [MQTT-4.7.3-1, MQTT-4.7.3-2]. */
    public BrokerConfig nodeName(String value) {
        if (value.isEmpty() || value.chars().anyMatch(ch -> ch == '/' || ch == '+' || ch == '#' || ch == 0)) {
            throw new IllegalArgumentException("the node name must be one topic level (no /, + or #): \"" + value + "\"");
        }
        this.nodeName = value;
        return this;
    }

    public Duration sysInterval() { return sysInterval; }
    public BrokerConfig sysInterval(Duration value) { this.sysInterval = value; return this; }

    public int maxPacketSize() { return maxPacketSize; }
    public BrokerConfig maxPacketSize(int value) {
        if (value < 16 || value > 268_435_460) {
            throw new IllegalArgumentException("maxPacketSize must be 16..268435460 bytes: " + value);
        }
        this.maxPacketSize = value;
        return this;
    }

    public int maxMqueueLen() { return maxMqueueLen; }
    public BrokerConfig maxMqueueLen(int value) { this.maxMqueueLen = nonNegative(value, "maxMqueueLen"); return this; }

    public QueueDropPolicy mqueueDropPolicy() { return mqueueDropPolicy; }
    public BrokerConfig mqueueDropPolicy(QueueDropPolicy value) { this.mqueueDropPolicy = value; return this; }

    public boolean mqueueStoreQos0() { return mqueueStoreQos0; }
    public BrokerConfig mqueueStoreQos0(boolean value) { this.mqueueStoreQos0 = value; return this; }

    public OnlineQueueFull onlineQueueFull() { return onlineQueueFull; }
    public BrokerConfig onlineQueueFull(OnlineQueueFull value) { this.onlineQueueFull = value; return this; }

    public Duration backpressureTimeout() { return backpressureTimeout; }
    public BrokerConfig backpressureTimeout(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("backpressureTimeout must be positive: " + value);
        }
        this.backpressureTimeout = value;
        return this;
    }

    public long backpressureMaxMemory() { return backpressureMaxMemory; }
    public BrokerConfig backpressureMaxMemory(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("backpressureMaxMemory must not be negative: " + value);
        }
        this.backpressureMaxMemory = value;
        return this;
    }

    public Duration retryInterval() { return retryInterval; }
    public BrokerConfig retryInterval(Duration value) { this.retryInterval = value; return this; }

    public double keepaliveMultiplier() { return keepaliveMultiplier; }
    public BrokerConfig keepaliveMultiplier(double value) {
        if (!(value >= 1.0)) {
            throw new IllegalArgumentException("keepaliveMultiplier must be >= 1.0: " + value);
        }
        this.keepaliveMultiplier = value;
        return this;
    }

    public int maxKeepalive() { return maxKeepalive; }
    public BrokerConfig maxKeepalive(int value) { this.maxKeepalive = range(value, 1, 65535, "maxKeepalive"); return this; }

    public int maxInflightWindow() { return maxInflightWindow; }
    public BrokerConfig maxInflightWindow(int value) { this.maxInflightWindow = range(value, 1, 65535, "maxInflightWindow"); return this; }

    public int receiveMaximum() { return receiveMaximum; }
    public BrokerConfig receiveMaximum(int value) { this.receiveMaximum = range(value, 1, 65535, "receiveMaximum"); return this; }

    public int topicAliasMaximum() { return topicAliasMaximum; }
    public BrokerConfig topicAliasMaximum(int value) { this.topicAliasMaximum = range(value, 0, 65535, "topicAliasMaximum"); return this; }

    public Duration connectTimeout() { return connectTimeout; }
    public BrokerConfig connectTimeout(Duration value) { this.connectTimeout = value; return this; }

    /**
     * After a v5 DISCONNECT or a refusing CONNACK, how long the half-closed socket is drained while the client has not
     * closed its side (default 2 s); {@link Duration#ZERO} closes at once (the client may then get a TCP reset).
     */
    public Duration closeDrainTimeout() { return closeDrainTimeout; }
    public BrokerConfig closeDrainTimeout(Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("closeDrainTimeout must be 0 or more: " + value);
        }
        this.closeDrainTimeout = value;
        return this;
    }

    public long maxSessionExpiryInterval() { return maxSessionExpiryInterval; }
    public BrokerConfig maxSessionExpiryInterval(long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("maxSessionExpiryInterval must be 0..4294967295 s: " + value);
        }
        this.maxSessionExpiryInterval = value;
        return this;
    }

    public int maxQos() { return maxQos; }
    public BrokerConfig maxQos(int value) { this.maxQos = range(value, 0, 2, "maxQos"); return this; }

    public boolean retainAvailable() { return retainAvailable; }
    public BrokerConfig retainAvailable(boolean value) { this.retainAvailable = value; return this; }

    public boolean wildcardSubscriptionAvailable() { return wildcardSubscriptionAvailable; }
    public BrokerConfig wildcardSubscriptionAvailable(boolean value) { this.wildcardSubscriptionAvailable = value; return this; }

    public boolean sharedSubscriptionAvailable() { return sharedSubscriptionAvailable; }
    public BrokerConfig sharedSubscriptionAvailable(boolean value) { this.sharedSubscriptionAvailable = value; return this; }

    public boolean subscriptionIdentifierAvailable() { return subscriptionIdentifierAvailable; }
    public BrokerConfig subscriptionIdentifierAvailable(boolean value) { this.subscriptionIdentifierAvailable = value; return this; }

    public SharedSubscriptionStrategy sharedSubscriptionStrategy() { return sharedSubscriptionStrategy; }
    public BrokerConfig sharedSubscriptionStrategy(SharedSubscriptionStrategy value) { this.sharedSubscriptionStrategy = value; return this; }

    public int maxClientIdLength() { return maxClientIdLength; }
    public BrokerConfig maxClientIdLength(int value) { this.maxClientIdLength = range(value, 23, 65535, "maxClientIdLength"); return this; }

    public PersistenceConfig persistence() { return persistence; }
    public BrokerConfig persistence(PersistenceConfig value) { this.persistence = Objects.requireNonNull(value); return this; }

    public LimitsConfig limits() { return limits; }
    public BrokerConfig limits(LimitsConfig value) { this.limits = Objects.requireNonNull(value); return this; }
    public AclConfig acl() { return acl; }
    public BrokerConfig acl(AclConfig value) { this.acl = Objects.requireNonNull(value); return this; }
    public AuthConfig auth() { return auth; }
    public BrokerConfig auth(AuthConfig value) { this.auth = Objects.requireNonNull(value); return this; }

    /** Broker event listeners registered at start and the event topics switch. */
    public EventsConfig events() { return events; }
    public BrokerConfig events(EventsConfig value) { this.events = Objects.requireNonNull(value); return this; }

    private static int nonNegative(int value, String name) {
        return range(value, 0, Integer.MAX_VALUE, name);
    }

    private static int range(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
