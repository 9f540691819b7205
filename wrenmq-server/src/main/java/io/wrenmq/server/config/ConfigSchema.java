package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.decimal;
import static io.wrenmq.server.config.ValueTypes.duration;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.listOf;
import static io.wrenmq.server.config.ValueTypes.oneOf;
import static io.wrenmq.server.config.ValueTypes.size;
import static io.wrenmq.server.config.ValueTypes.text;

import io.wrenmq.broker.PersistenceConfig;
import io.wrenmq.broker.QueueDropPolicy;
import io.wrenmq.broker.SharedSubscriptionStrategy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * THE table of configuration keys: validation, defaults, docs/configuration.md and etc/wrenmq.conf all
 * follow it (ConfigSchemaTest checks that the docs and the shipped file mention every key and that each
 * documented default is the engine's default). Add a key here first.
 */
public final class ConfigSchema {
    /** Listener keys; under `listeners.tcp` for the default listener and `listeners.tcp.<name>` for named ones. */
    public static final String TCP = "listeners.tcp";

    private static final Map<String, ConfigKey<?>> KEYS = new LinkedHashMap<>();

    /** Blocks a NanoMQ user may bring that WrenMQ does not implement yet: refused, never silently ignored. */
    private static final Map<String, String> NOT_YET = new LinkedHashMap<>();

    static {
        key("system.num_taskq_thread", integer(0, 1024), "0", (t, v) -> t.broker().eventLoopThreads(v), t -> t.broker().eventLoopThreads(),
                "Network event-loop threads; 0 = one per CPU core.");
        key("system.node_name", text(), "\"wrenmq@127.0.0.1\"", (t, v) -> t.broker().nodeName(v), t -> t.broker().nodeName(),
                "This broker's name, used in $SYS/brokers/<node_name>/ topics.");
        key("system.sys_interval", duration(Duration.ZERO, Duration.ofDays(1)), "10s", (t, v) -> t.broker().sysInterval(v), t -> t.broker().sysInterval(),
                "How often $SYS statistics are published; 0 = never.");
        ignored("system.max_taskq_thread", ConfigKey.IgnoredLevel.DEBUG, "NanoMQ task-queue ceiling; WrenMQ has no task queue (see num_taskq_thread).");
        ignored("system.parallel", ConfigKey.IgnoredLevel.DEBUG, "NanoMQ parallel contexts; WrenMQ sizes its work by num_taskq_thread.");
        ignored("system.daemon", ConfigKey.IgnoredLevel.DEBUG, "WrenMQ always runs in the foreground; use systemd, a Windows service or `&`.");

        key("mqtt.max_packet_size", size(16, 268_435_460), "10MB", (t, v) -> t.broker().maxPacketSize(v.intValue()), t -> t.broker().maxPacketSize(),
                "Largest MQTT packet accepted (and the v5 Maximum Packet Size); bigger packets close the connection.");
        key("mqtt.max_mqueue_len", integer(0, Integer.MAX_VALUE), "1024", (t, v) -> t.broker().maxMqueueLen(v), t -> t.broker().maxMqueueLen(),
                "Messages queued per session while the client is offline or its in-flight window is full.");
        key("mqtt.mqueue_drop", oneOf(dropPolicies()), "newest",
                (t, v) -> t.broker().mqueueDropPolicy(v), t -> t.broker().mqueueDropPolicy(),
                "Which message a full queue drops: newest = the arriving one (Mosquitto), oldest = the head (EMQX).");
        key("mqtt.mqueue_store_qos0", bool(), "false", (t, v) -> t.broker().mqueueStoreQos0(v), t -> t.broker().mqueueStoreQos0(),
                "Whether QoS 0 messages are queued for offline sessions too.");
        key("mqtt.retry_interval", duration(Duration.ZERO, Duration.ofHours(1)), "10s", (t, v) -> t.broker().retryInterval(v), t -> t.broker().retryInterval(),
                "MQTT 3.x only: resend an unacknowledged QoS 1/2 message after this long; 0 = only on reconnect.");
        key("mqtt.keepalive_multiplier", decimal(1.0, 10.0), "1.5", (t, v) -> t.broker().keepaliveMultiplier(v), t -> t.broker().keepaliveMultiplier(),
                "A client is dropped after keepalive x this factor without a packet [MQTT-3.1.2-24].");
        key("mqtt.max_keepalive", integer(1, 65535), "65535", (t, v) -> t.broker().maxKeepalive(v), t -> t.broker().maxKeepalive(),
                "Longest keepalive (seconds) allowed; MQTT 5 clients asking for more get this as Server Keep Alive.");
        key("mqtt.max_inflight_window", integer(1, 65535), "32", (t, v) -> t.broker().maxInflightWindow(v), t -> t.broker().maxInflightWindow(),
                "Unacknowledged outgoing QoS 1/2 messages per client (capped by a v5 client's Receive Maximum).");
        key("mqtt.receive_maximum", integer(1, 65535), "128", (t, v) -> t.broker().receiveMaximum(v), t -> t.broker().receiveMaximum(),
                "Unacknowledged incoming QoS 1/2 messages a client may send (v5 Receive Maximum).");
        key("mqtt.topic_alias_maximum", integer(0, 65535), "64", (t, v) -> t.broker().topicAliasMaximum(v), t -> t.broker().topicAliasMaximum(),
                "Topic aliases a v5 client may use towards the broker; 0 = none.");
        key("mqtt.connect_timeout", duration(Duration.ofSeconds(1), Duration.ofHours(1)), "10s", (t, v) -> t.broker().connectTimeout(v), t -> t.broker().connectTimeout(),
                "A connection that sends no CONNECT within this time is closed.");
        key("mqtt.max_session_expiry_interval", duration(Duration.ZERO, Duration.ofSeconds(0xFFFFFFFFL)), "4294967295s",
                (t, v) -> t.broker().maxSessionExpiryInterval(v.getSeconds()), t -> t.broker().maxSessionExpiryInterval(),
                "Cap on the Session Expiry Interval a client may ask for; 4294967295s (the MQTT maximum) = never expire.");
        key("mqtt.max_qos", integer(0, 2), "2", (t, v) -> t.broker().maxQos(v), t -> t.broker().maxQos(),
                "Highest QoS the broker grants (v5 Maximum QoS).");
        key("mqtt.retain_available", bool(), "true", (t, v) -> t.broker().retainAvailable(v), t -> t.broker().retainAvailable(),
                "Whether retained messages are supported.");
        key("mqtt.wildcard_subscription", bool(), "true", (t, v) -> t.broker().wildcardSubscriptionAvailable(v), t -> t.broker().wildcardSubscriptionAvailable(),
                "Whether subscriptions may use + and #.");
        key("mqtt.shared_subscription", bool(), "true", (t, v) -> t.broker().sharedSubscriptionAvailable(v), t -> t.broker().sharedSubscriptionAvailable(),
                "Whether $share/<group>/<filter> subscriptions are supported.");
        key("mqtt.subscription_identifier", bool(), "true", (t, v) -> t.broker().subscriptionIdentifierAvailable(v), t -> t.broker().subscriptionIdentifierAvailable(),
                "Whether v5 Subscription Identifiers are supported.");
        key("mqtt.shared_subscription_strategy", oneOf(strategies()), "round_robin",
                (t, v) -> t.broker().sharedSubscriptionStrategy(v), t -> t.broker().sharedSubscriptionStrategy(),
                "How a shared subscription group picks a member: round_robin, random, sticky or hash_clientid.");
        key("mqtt.max_clientid_len", integer(23, 65535), "65535", (t, v) -> t.broker().maxClientIdLength(v), t -> t.broker().maxClientIdLength(),
                "Longest client identifier accepted (the spec requires at least 23) [MQTT-3.1.3-5].");
        ignored("mqtt.property_size", ConfigKey.IgnoredLevel.WARN, "NanoMQ limit on v5 properties; WrenMQ bounds them by max_packet_size.");
        ignored("mqtt.max_awaiting_rel", ConfigKey.IgnoredLevel.WARN, "Unsupported in NanoMQ too; QoS 2 flow is bounded by receive_maximum.");
        ignored("mqtt.await_rel_timeout", ConfigKey.IgnoredLevel.WARN, "Unsupported in NanoMQ too; QoS 2 flow is bounded by receive_maximum.");

        key(TCP + ".bind", BindAddress.type(), "\"127.0.0.1:1883\"", null, null,
                "Address and port to listen on: \"127.0.0.1:1883\", \"0.0.0.0:1883\" (every IPv4 interface), \"[::1]:1883\"; port 0 = any free port.");
        key(TCP + ".enable", bool(), "true", null, null, "Whether this listener is on.");
        key(TCP + ".max_connections", integer(0, Integer.MAX_VALUE), "0", null, null,
                "Connections this listener accepts at once; 0 = no limit.");

        key("log.to", listOf(logTargets()), "[console]", (t, v) -> t.log().to(v), t -> t.log().to(),
                "Where log lines go: console, file or both.");
        key("log.level", oneOf(levels()), "info", (t, v) -> t.log().level(v), t -> t.log().level(),
                "Least severe level logged (NanoMQ's fatal = error).");
        key("log.dir", text(), "\"logs\"", (t, v) -> t.log().dir(v), t -> t.log().dir(),
                "Directory of the log file; relative to WRENMQ_HOME (or the working directory).");
        key("log.file", text(), "\"wrenmq.log\"", (t, v) -> t.log().file(v), t -> t.log().file(),
                "Log file name.");
        key("log.rotation.size", size(1024, 1024L * 1024 * 1024), "10MB", (t, v) -> t.log().rotationSize(v), t -> t.log().rotationSize(),
                "The log file is rotated when it reaches this size.");
        key("log.rotation.count", integer(1, 20), "5", (t, v) -> t.log().rotationCount(v), t -> t.log().rotationCount(),
                "Rotated files kept (wrenmq.1.log ... wrenmq.<count>.log); at most 20.");

        key("persistence.type", oneOf(persistenceTypes()), "sqlite", (t, v) -> t.broker().persistence().type(v), t -> t.broker().persistence().type(),
                "Where persistent sessions, their QoS 1/2 messages and retained messages are kept: sqlite (a file, survives restarts) or memory.");
        key("persistence.path", text(), "\"data/wrenmq.db\"", (t, v) -> t.broker().persistence().path(java.nio.file.Path.of(v)), t -> t.broker().persistence().path().toString().replace('\\', '/'),
                "The SQLite database file; relative to WRENMQ_HOME (or the working directory). Created owner-only.");
        key("persistence.sync", oneOf(syncModes()), "full", (t, v) -> t.broker().persistence().sync(v), t -> t.broker().persistence().sync(),
                "full: an acknowledged message survives power loss (fsync before PUBACK); normal: it survives the broker being killed, not an OS crash.");
        key("persistence.flush_interval", duration(Duration.ZERO, Duration.ofSeconds(10)), "0s", (t, v) -> t.broker().persistence().flushInterval(v), t -> t.broker().persistence().flushInterval(),
                "How long the writer gathers writes into one transaction after the first; 0 = commit as soon as the previous commit is done.");
        key("persistence.max_size", size(0, Long.MAX_VALUE), "0", (t, v) -> t.broker().persistence().maxSizeBytes(v), t -> t.broker().persistence().maxSizeBytes(),
                "Largest the database may grow; 0 = no limit. When full, publishers get 0x97 Quota exceeded instead of an acknowledgement.");
        key("persistence.corrupt_file", oneOf(corruptFileActions()), "stop", (t, v) -> t.broker().persistence().corruptFile(v), t -> t.broker().persistence().corruptFile(),
                "A database that cannot be read: stop (start-up fails and says why) or move_aside (renamed to <file>.corrupt-<time>, start empty).");
        for (String k : new String[] {"disk_cache_size", "mounted_file_path", "flush_mem_threshold", "resend_interval"}) {
            ignored("sqlite." + k, ConfigKey.IgnoredLevel.WARN, "NanoMQ's sqlite block; WrenMQ persists with persistence { ... } (docs/persistence.md).");
        }

        AuthKeys.register();

        NOT_YET.put("listeners.ssl", "TLS listeners");
        NOT_YET.put("listeners.ws", "WebSocket listeners");
        NOT_YET.put("listeners.wss", "secure WebSocket listeners");
        NOT_YET.put("http_server", "the HTTP REST API");
        NOT_YET.put("webhook", "WebHooks");
        NOT_YET.put("bridges", "MQTT bridges");
        NOT_YET.put("rules", "the rule engine");
        NOT_YET.put("plugin", "plugins");
    }

    private ConfigSchema() {
    }

    /** Every key in documentation order. */
    public static Map<String, ConfigKey<?>> keys() {
        return Collections.unmodifiableMap(KEYS);
    }

    public static ConfigKey<?> key(String path) {
        return KEYS.get(path);
    }

    /** The blocks refused as "not supported yet", with what they would configure. */
    public static Map<String, String> notYetSupported() {
        return Collections.unmodifiableMap(NOT_YET);
    }

    /** Paths that hold keys (system, mqtt, log, log.rotation, listeners, listeners.tcp). */
    public static Set<String> sections() {
        Set<String> out = new LinkedHashSet<>();
        for (String path : KEYS.keySet()) {
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                out.add(path.substring(0, dot));
            }
        }
        return out;
    }

    static <T> void key(String path, ValueType<T> type, String defaultText, BiConsumer<ConfigTarget, T> setter,
                                Function<ConfigTarget, Object> getter, String doc) {
        KEYS.put(path, new ConfigKey<>(path, type, defaultText, setter, getter, doc, null));
    }

    private static void ignored(String path, ConfigKey.IgnoredLevel level, String doc) {
        KEYS.put(path, new ConfigKey<>(path, ValueTypes.ignored(), "", null, null, doc, level));
    }

    private static Map<String, PersistenceConfig.Type> persistenceTypes() {
        Map<String, PersistenceConfig.Type> m = new LinkedHashMap<>();
        m.put("sqlite", PersistenceConfig.Type.SQLITE);
        m.put("memory", PersistenceConfig.Type.MEMORY);
        return m;
    }

    private static Map<String, PersistenceConfig.Sync> syncModes() {
        Map<String, PersistenceConfig.Sync> m = new LinkedHashMap<>();
        m.put("full", PersistenceConfig.Sync.FULL);
        m.put("normal", PersistenceConfig.Sync.NORMAL);
        return m;
    }

    private static Map<String, PersistenceConfig.CorruptFile> corruptFileActions() {
        Map<String, PersistenceConfig.CorruptFile> m = new LinkedHashMap<>();
        m.put("stop", PersistenceConfig.CorruptFile.STOP);
        m.put("move_aside", PersistenceConfig.CorruptFile.MOVE_ASIDE);
        return m;
    }

    private static Map<String, QueueDropPolicy> dropPolicies() {
        Map<String, QueueDropPolicy> m = new LinkedHashMap<>();
        m.put("newest", QueueDropPolicy.DROP_NEWEST);
        m.put("oldest", QueueDropPolicy.DROP_OLDEST);
        return m;
    }

    private static Map<String, SharedSubscriptionStrategy> strategies() {
        Map<String, SharedSubscriptionStrategy> m = new LinkedHashMap<>();
        m.put("round_robin", SharedSubscriptionStrategy.ROUND_ROBIN);
        m.put("random", SharedSubscriptionStrategy.RANDOM);
        m.put("sticky", SharedSubscriptionStrategy.STICKY);
        m.put("hash_clientid", SharedSubscriptionStrategy.HASH_CLIENTID);
        return m;
    }

    private static Map<String, LogSettings.Target> logTargets() {
        Map<String, LogSettings.Target> m = new LinkedHashMap<>();
        m.put("console", LogSettings.Target.CONSOLE);
        m.put("file", LogSettings.Target.FILE);
        return m;
    }

    private static Map<String, String> levels() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String level : new String[] {"trace", "debug", "info", "warn", "error"}) {
            m.put(level, level);
        }
        m.put("fatal", "error");
        return m;
    }
}
