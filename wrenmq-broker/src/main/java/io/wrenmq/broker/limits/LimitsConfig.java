package io.wrenmq.broker.limits;

import io.wrenmq.broker.WrenBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Overload protection and bans: the {@code limits { ... }} block, {@code mqtt.max_subscriptions} and
 * {@code mqtt.max_topic_levels}, {@code flapping_detect { ... }}, {@code banned = [ ... ]} and the per-listener
 * rates. Every limit is off (0) by default except failed-login banning. Setters return this for chaining.
 */
public final class LimitsConfig {
    private int maxConnections = 0;                    // limits.max_connections (all listeners; 0 = none)
    private Rate maxConnRate = Rate.NONE;              // limits.max_conn_rate / max_conn_burst
    private volatile Rate messagesRate = Rate.NONE;             // limits.messages_rate / messages_burst (per client)
    private volatile Rate bytesRate = Rate.NONE;                // limits.bytes_rate / bytes_burst (per client)
    private volatile int maxSubscriptions = 0;                  // mqtt.max_subscriptions (per client; 0 = none)
    private volatile int maxTopicLevels = 0;                    // mqtt.max_topic_levels (0 = none)
    private boolean flappingEnabled = false;           // flapping_detect.enable
    private int flappingMaxCount = 15;                 // flapping_detect.max_count
    private Duration flappingWindow = Duration.ofMinutes(1); // flapping_detect.window_time
    private Duration flappingBanTime = Duration.ofMinutes(5); // flapping_detect.ban_time
    private boolean loginFailureBan = true;            // flapping_detect.login_failures
    private List<BanRule> banned = new ArrayList<>();  // banned = [ ... ]
    private final Map<String, ListenerLimits> listeners = new HashMap<>();

    public int maxConnections() { return maxConnections; }
    public LimitsConfig maxConnections(int value) { this.maxConnections = nonNegative(value, "maxConnections"); return this; }

    public Rate maxConnRate() { return maxConnRate; }
    public LimitsConfig maxConnRate(Rate value) { this.maxConnRate = Objects.requireNonNull(value); return this; }

    public Rate messagesRate() { return messagesRate; }
    public LimitsConfig messagesRate(Rate value) { this.messagesRate = Objects.requireNonNull(value); return this; }

    public Rate bytesRate() { return bytesRate; }
    public LimitsConfig bytesRate(Rate value) { this.bytesRate = Objects.requireNonNull(value); return this; }

    public int maxSubscriptions() { return maxSubscriptions; }
    public LimitsConfig maxSubscriptions(int value) { this.maxSubscriptions = nonNegative(value, "maxSubscriptions"); return this; }

    public int maxTopicLevels() { return maxTopicLevels; }
    public LimitsConfig maxTopicLevels(int value) { this.maxTopicLevels = nonNegative(value, "maxTopicLevels"); return this; }

    public boolean flappingEnabled() { return flappingEnabled; }
    public LimitsConfig flappingEnabled(boolean value) { this.flappingEnabled = value; return this; }

    public int flappingMaxCount() { return flappingMaxCount; }
    public LimitsConfig flappingMaxCount(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("flapping max_count must be >= 1: " + value);
        }
        this.flappingMaxCount = value;
        return this;
    }

    public Duration flappingWindow() { return flappingWindow; }
    public LimitsConfig flappingWindow(Duration value) { this.flappingWindow = positive(value, "flapping window_time"); return this; }

    public Duration flappingBanTime() { return flappingBanTime; }
    public LimitsConfig flappingBanTime(Duration value) { this.flappingBanTime = positive(value, "flapping ban_time"); return this; }

    /** Whether failed logins (reported by authentication) are counted and ban per the flapping rule. */
    public boolean loginFailureBan() { return loginFailureBan; }
    public LimitsConfig loginFailureBan(boolean value) { this.loginFailureBan = value; return this; }

    /** The bans loaded at start; the live list is {@code WrenBroker.limits().banList()}. */
    public List<BanRule> banned() { return banned; }
    public LimitsConfig banned(List<BanRule> value) { this.banned = new ArrayList<>(value); return this; }

    /**
     * The own rates of the listener with this {@link ListenerConfig#id()} ("tcp:default", "ssl:lan"); the
     * inherited (broker-wide) ones when it set none.
     */
    public ListenerLimits listener(String id) { return listeners.getOrDefault(id, ListenerLimits.INHERIT); }
    public LimitsConfig listener(String id, ListenerLimits value) { listeners.put(id, Objects.requireNonNull(value)); return this; }

    private static int nonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
        return value;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
        return value;
    }
}
