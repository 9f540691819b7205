package io.wrenmq.server.reload;

import io.wrenmq.broker.BrokerConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The engine keys a reload applies by copying the new value into the running {@link BrokerConfig}: each is read
 * by the engine when it is used (a volatile field), never cached at start. Values read when a connection is set up
 * (max_packet_size, the rates, keep alive, topic alias maximum) apply to new connections. Keys applied by
 * dedicated code (auth, ACL, ban list, log level) are in {@link ReloadService}; every other changed key needs a
 * restart. Deliberately NOT here: what CONNACK promised a client for its whole connection and the broker enforces
 * per packet (max_qos, retain_available, receive_maximum, wildcard/shared subscription and subscription
 * identifier availability): lowered at run time they would turn a connected client's allowed packets into
 * protocol errors [MQTT-3.2.2-11, MQTT-3.2.2-14, MQTT-3.3.4-9].
 */
final class RuntimeKeys {
    private static final Map<String, BiConsumer<BrokerConfig, BrokerConfig>> COPY = new LinkedHashMap<>();

    static {
        copy("mqtt.max_packet_size", (r, f) -> r.maxPacketSize(f.maxPacketSize()));
        copy("mqtt.max_mqueue_len", (r, f) -> r.maxMqueueLen(f.maxMqueueLen()));
        copy("mqtt.mqueue_drop", (r, f) -> r.mqueueDropPolicy(f.mqueueDropPolicy()));
        copy("mqtt.mqueue_store_qos0", (r, f) -> r.mqueueStoreQos0(f.mqueueStoreQos0()));
        copy("mqtt.online_queue_full", (r, f) -> r.onlineQueueFull(f.onlineQueueFull()));
        copy("mqtt.backpressure_timeout", (r, f) -> r.backpressureTimeout(f.backpressureTimeout()));
        copy("mqtt.backpressure_max_memory", (r, f) -> r.backpressureMaxMemory(f.backpressureMaxMemory()));
        copy("mqtt.retry_interval", (r, f) -> r.retryInterval(f.retryInterval()));
        copy("mqtt.keepalive_multiplier", (r, f) -> r.keepaliveMultiplier(f.keepaliveMultiplier()));
        copy("mqtt.max_keepalive", (r, f) -> r.maxKeepalive(f.maxKeepalive()));
        copy("mqtt.max_inflight_window", (r, f) -> r.maxInflightWindow(f.maxInflightWindow()));
        copy("mqtt.topic_alias_maximum", (r, f) -> r.topicAliasMaximum(f.topicAliasMaximum()));
        copy("mqtt.connect_timeout", (r, f) -> r.connectTimeout(f.connectTimeout()));
        copy("mqtt.max_session_expiry_interval", (r, f) -> r.maxSessionExpiryInterval(f.maxSessionExpiryInterval()));
        copy("mqtt.shared_subscription_strategy", (r, f) -> r.sharedSubscriptionStrategy(f.sharedSubscriptionStrategy()));
        copy("mqtt.max_clientid_len", (r, f) -> r.maxClientIdLength(f.maxClientIdLength()));
        copy("mqtt.max_subscriptions", (r, f) -> r.limits().maxSubscriptions(f.limits().maxSubscriptions()));
        copy("mqtt.max_topic_levels", (r, f) -> r.limits().maxTopicLevels(f.limits().maxTopicLevels()));
        BiConsumer<BrokerConfig, BrokerConfig> messages = (r, f) -> r.limits().messagesRate(f.limits().messagesRate());
        copy("limits.messages_rate", messages);
        copy("limits.messages_burst", messages);
        BiConsumer<BrokerConfig, BrokerConfig> bytes = (r, f) -> r.limits().bytesRate(f.limits().bytesRate());
        copy("limits.bytes_rate", bytes);
        copy("limits.bytes_burst", bytes);
    }

    private RuntimeKeys() {
    }

    private static void copy(String key, BiConsumer<BrokerConfig, BrokerConfig> c) {
        COPY.put(key, c);
    }

    static Map<String, BiConsumer<BrokerConfig, BrokerConfig>> copiers() {
        return Collections.unmodifiableMap(COPY);
    }
}
