package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.clampedDecimal;
import static io.wrenmq.server.config.ValueTypes.clampedDuration;
import static io.wrenmq.server.config.ValueTypes.clampedInteger;
import static io.wrenmq.server.config.ValueTypes.clampedSize;
import static io.wrenmq.server.config.ValueTypes.duration;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.oneOf;
import static io.wrenmq.server.config.ValueTypes.size;
import static io.wrenmq.server.config.ValueTypes.text;

import io.wrenmq.broker.auth.AclConfig;
import io.wrenmq.broker.limits.Rate;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.routing.SharedSubscriptionStrategy;
import io.wrenmq.broker.session.OnlineQueueFull;
import io.wrenmq.broker.session.QueueDropPolicy;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.server.acl.AclInclude;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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

    /** The largest MQTT packet: 268,435,455 bytes of remaining length plus a 5-byte fixed header. */
    static final int MAX_PACKET = 268_435_460;

    /** Blocks written in the file that switch their feature on unless they say enable = false (NanoMQ's rule). */
    private static final List<String> SWITCHED_ON_BY_BLOCK = List.of("http_server", "auth.http_auth");

    /** Keys a NanoMQ user may bring that WrenMQ does not read: refused with a hint, never silently ignored. */
    private static final Map<String, Refusal> REFUSED = new LinkedHashMap<>();

    static {
        key("system.num_taskq_thread", clampedInteger(0, 1024), "0", (t, v) -> t.broker().eventLoopThreads(v), t -> t.broker().eventLoopThreads(),
                "Network event-loop threads; 0 = one per CPU core.");
        key("system.node_name", text(), "\"wrenmq@127.0.0.1\"", (t, v) -> t.broker().nodeName(v), t -> t.broker().nodeName(),
                "This broker's name, used in $SYS/brokers/<node_name>/ topics.");
        key("system.sys_interval", duration(Duration.ZERO, Duration.ofDays(1)), "10s", (t, v) -> t.broker().sysInterval(v), t -> t.broker().sysInterval(),
                "How often $SYS statistics are published; 0 = never.");
        key("system.event_topics", bool(), "true", (t, v) -> t.broker().events().eventTopics(v), t -> t.broker().events().eventTopics(),
                "Publish client connects/disconnects to $SYS/brokers/<node>/clients/<id>/connected|disconnected and $SYS/brokers/connected|disconnected (QoS 0).");
        key("system.data_dir", text(), "\"data\"", (t, v) -> t.process().configuredDataDir(Path.of(v)), t -> t.process().configuredDataDir().toString().replace('\\', '/'),
                "The directory for everything the broker writes: the store, the PID file, the generated API password, log files and the rules' SQLite files (relative paths of those keys are relative to it). Relative: to the working directory of `wrenmq`. WRENMQ_DATA_DIR overrides it; a service uses /var/lib/wrenmq (Linux) or %ProgramData%\\WrenMQ (Windows). The installation (WRENMQ_HOME) is never written to.");
        key("system.pid_file", ListenerKeys.optionalText(), "\"\"", (t, v) -> t.process().pidFile(v == null ? "" : v), t -> t.process().pidFile(),
                "The PID file `wrenmq start` writes and `stop`/`reload` read; relative to system.data_dir. \"\" = beside the persistence store, named after it (wrenmq.db -> wrenmq.pid), so brokers with their own data dir or store each have their own.");
        ignored("system.max_taskq_thread", "NanoMQ task-queue ceiling; WrenMQ has no task queue (see num_taskq_thread).");
        ignored("system.parallel", "NanoMQ parallel contexts; WrenMQ sizes its work by num_taskq_thread.");
        ignored("system.daemon", "WrenMQ always runs in the foreground; use systemd, a Windows service or `&`.");

        key("mqtt.max_packet_size", clampedSize(16, MAX_PACKET, "the MQTT maximum: 256 MB of remaining length plus the 5-byte fixed header"), "10MB", (t, v) -> t.broker().maxPacketSize(v.intValue()), t -> t.broker().maxPacketSize(),
                "Largest MQTT packet accepted (and the v5 Maximum Packet Size); bigger packets close the connection.");
        key("mqtt.max_mqueue_len", clampedInteger(0, Integer.MAX_VALUE), "1024", (t, v) -> t.broker().maxMqueueLen(v), t -> t.broker().maxMqueueLen(),
                "Messages queued per session while the client is offline or its in-flight window is full.");
        key("mqtt.mqueue_drop", oneOf(dropPolicies()), "newest",
                (t, v) -> t.broker().mqueueDropPolicy(v), t -> t.broker().mqueueDropPolicy(),
                "Which message a full queue drops: newest = the arriving one (Mosquitto), oldest = the head (EMQX).");
        key("mqtt.mqueue_store_qos0", bool(), "false", (t, v) -> t.broker().mqueueStoreQos0(v), t -> t.broker().mqueueStoreQos0(),
                "Whether QoS 0 messages are queued for offline sessions too.");
        key("mqtt.online_queue_full", oneOf(onlineQueueFullChoices()), "backpressure",
                (t, v) -> t.broker().onlineQueueFull(v), t -> t.broker().onlineQueueFull(),
                "A connected QoS 1/2 subscriber's queue is full: backpressure = stop reading its publishers until it has drained to half (no acknowledged message lost); drop = mqueue_drop decides, as for offline sessions.");
        key("mqtt.backpressure_timeout", duration(Duration.ofMillis(1), Duration.ofHours(1)), "10s",
                (t, v) -> t.broker().backpressureTimeout(v), t -> t.broker().backpressureTimeout(),
                "A subscriber that takes no message this long while its queue is full stops holding its publishers back; its queue then drops until it catches up.");
        key("mqtt.backpressure_max_memory", size(0, Long.MAX_VALUE), "64MB",
                (t, v) -> t.broker().backpressureMaxMemory(v), t -> t.broker().backpressureMaxMemory(),
                "Payload bytes all connected subscribers' queues may hold above max_mqueue_len while their publishers slow down; beyond it, messages are dropped.");
        key("mqtt.retry_interval", clampedDuration(Duration.ZERO, Duration.ofHours(1)), "10s", (t, v) -> t.broker().retryInterval(v), t -> t.broker().retryInterval(),
                "MQTT 3.x only: resend an unacknowledged QoS 1/2 message after this long; 0 = only on reconnect.");
        key("mqtt.keepalive_multiplier", clampedDecimal(1.0, 10.0), "1.5", (t, v) -> t.broker().keepaliveMultiplier(v), t -> t.broker().keepaliveMultiplier(),
                "A client is dropped after keepalive x this factor without a packet [MQTT-3.1.2-24].");
        key("mqtt.max_keepalive", integer(1, 65535), "65535", (t, v) -> t.broker().maxKeepalive(v), t -> t.broker().maxKeepalive(),
                "Longest keepalive (seconds) allowed; MQTT 5 clients asking for more get this as Server Keep Alive.");
        key("mqtt.max_inflight_window", clampedInteger(1, 65535), "32", (t, v) -> t.broker().maxInflightWindow(v), t -> t.broker().maxInflightWindow(),
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
        key("mqtt.max_subscriptions", integer(0, Integer.MAX_VALUE), "0", (t, v) -> t.broker().limits().maxSubscriptions(v), t -> t.broker().limits().maxSubscriptions(),
                "Subscriptions one client may hold (EMQX's key); more get 0x97 Quota exceeded (v3.1.1: 0x80). 0 = no limit.");
        key("mqtt.max_topic_levels", integer(0, 65535), "0", (t, v) -> t.broker().limits().maxTopicLevels(v), t -> t.broker().limits().maxTopicLevels(),
                "Most levels in a topic (EMQX's key): a deeper SUBSCRIBE filter gets 0x8F, a deeper PUBLISH ends the connection with 0x90. 0 = no limit.");
        ignored("mqtt.property_size", "NanoMQ limit on v5 properties; WrenMQ bounds them by max_packet_size.");
        ignored("mqtt.max_awaiting_rel", "Unsupported in NanoMQ too; QoS 2 flow is bounded by receive_maximum.");
        ignored("mqtt.await_rel_timeout", "Unsupported in NanoMQ too; QoS 2 flow is bounded by receive_maximum.");

        key(TCP + ".bind", ListenerKeys.bind(ListenerConfig.Kind.TCP), "\"127.0.0.1:1883\"", null, null,
                "Address and port to listen on: \"127.0.0.1:1883\", \"0.0.0.0:1883\" (every IPv4 interface), \"[::1]:1883\"; port 0 = any free port.");
        key(TCP + ".enable", bool(), "true", null, null, "Whether this listener is on.");
        key(TCP + ".max_connections", integer(0, Integer.MAX_VALUE), "0", null, null,
                "Connections this listener accepts at once; 0 = no limit.");
        listenerLimitKeys(TCP);
        key("limits.max_connections", integer(0, Integer.MAX_VALUE), "0", (t, v) -> t.broker().limits().maxConnections(v), t -> t.broker().limits().maxConnections(),
                "Connections the broker accepts at once over all listeners; 0 = no limit.");
        key("limits.max_conn_rate", LimitsValueTypes.rate(false), "0",
                (t, v) -> t.broker().limits().maxConnRate(new Rate(v, t.broker().limits().maxConnRate().burst())), t -> t.broker().limits().maxConnRate().perSecond(),
                "New connections per second over all listeners (\"100/s\"); the excess is closed at accept. 0 = no limit.");
        key("limits.max_conn_burst", integer(0, Integer.MAX_VALUE), "0",
                (t, v) -> t.broker().limits().maxConnRate(t.broker().limits().maxConnRate().withBurst(v)), t -> t.broker().limits().maxConnRate().burst(),
                "Connections above max_conn_rate accepted at once after a quiet time; 0 = one second's worth.");
        key("limits.messages_rate", LimitsValueTypes.rate(false), "0",
                (t, v) -> t.broker().limits().messagesRate(new Rate(v, t.broker().limits().messagesRate().burst())), t -> t.broker().limits().messagesRate().perSecond(),
                "PUBLISH packets per second each client may send (\"100/s\"); a faster client is read more slowly, never disconnected. 0 = no limit.");
        key("limits.messages_burst", integer(0, Integer.MAX_VALUE), "0",
                (t, v) -> t.broker().limits().messagesRate(t.broker().limits().messagesRate().withBurst(v)), t -> t.broker().limits().messagesRate().burst(),
                "PUBLISH packets above messages_rate a client may send at once; 0 = one second's worth.");
        key("limits.bytes_rate", LimitsValueTypes.rate(true), "0",
                (t, v) -> t.broker().limits().bytesRate(new Rate(v, t.broker().limits().bytesRate().burst())), t -> t.broker().limits().bytesRate().perSecond(),
                "PUBLISH payload bytes per second each client may send (\"1MB/s\"); a faster client is read more slowly. 0 = no limit.");
        key("limits.bytes_burst", size(0, Integer.MAX_VALUE), "0",
                (t, v) -> t.broker().limits().bytesRate(t.broker().limits().bytesRate().withBurst(v)), t -> t.broker().limits().bytesRate().burst(),
                "Payload bytes above bytes_rate a client may send at once; 0 = one second's worth.");

        key("flapping_detect.enable", bool(), "false", (t, v) -> t.broker().limits().flappingEnabled(v), t -> t.broker().limits().flappingEnabled(),
                "Ban a client id that connects more than max_count times within window_time (EMQX's flapping_detect).");
        key("flapping_detect.max_count", integer(1, Integer.MAX_VALUE), "15", (t, v) -> t.broker().limits().flappingMaxCount(v), t -> t.broker().limits().flappingMaxCount(),
                "Connects (or failed logins) allowed within window_time; one more bans.");
        key("flapping_detect.window_time", duration(Duration.ofMillis(1), Duration.ofDays(1)), "1m", (t, v) -> t.broker().limits().flappingWindow(v), t -> t.broker().limits().flappingWindow(),
                "The time window in which connects and failed logins are counted.");
        key("flapping_detect.ban_time", duration(Duration.ofMillis(1), Duration.ofDays(365)), "5m", (t, v) -> t.broker().limits().flappingBanTime(v), t -> t.broker().limits().flappingBanTime(),
                "How long a flapping client id, or an address with too many failed logins, stays banned.");
        key("flapping_detect.login_failures", bool(), "true", (t, v) -> t.broker().limits().loginFailureBan(v), t -> t.broker().limits().loginFailureBan(),
                "Also count failed logins per client id and per address (even with enable = false): over max_count bans them for ban_time.");
        key("banned", LimitsValueTypes.banList(), "[]", (t, v) -> t.broker().limits().banned(v), t -> t.broker().limits().banned(),
                "Clients refused: [ { clientid = \"x\" }, { username = \"u\", until = \"2027-01-01T00:00:00Z\" }, { ipaddr = \"10.1.0.0/16\" } ].");
        for (ListenerConfig.Kind kind : List.of(ListenerConfig.Kind.SSL, ListenerConfig.Kind.WS, ListenerConfig.Kind.WSS,
                ListenerConfig.Kind.QUIC)) {
            listenerKeys(kind);
        }

        key("log.to", NanoMqKeys.logTo(logTargets()), "[console]", (t, v) -> t.log().to(v), t -> t.log().to(),
                "Where log lines go: console, file, syslog (RFC 5424 over UDP, see log.syslog) or several; NanoMQ's uds is ignored with a warning.");
        key("log.level", oneOf(levels()), "info", (t, v) -> t.log().level(v), t -> t.log().level(),
                "Least severe level logged (NanoMQ's fatal = error).");
        key("log.dir", text(), "\"logs\"", (t, v) -> t.log().dir(v), t -> t.log().dir(),
                "Directory of the log file; relative to system.data_dir (so data/logs by default).");
        key("log.file", text(), "\"wrenmq.log\"", (t, v) -> t.log().file(v), t -> t.log().file(),
                "Log file name.");
        key("log.rotation.size", clampedSize(1024, 1024L * 1024 * 1024, null), "10MB", (t, v) -> t.log().rotationSize(v), t -> t.log().rotationSize(),
                "The log file is rotated when it reaches this size.");
        key("log.rotation.count", clampedInteger(1, 20), "5", (t, v) -> t.log().rotationCount(v), t -> t.log().rotationCount(),
                "Rotated files kept (wrenmq.1.log ... wrenmq.<count>.log); at most 20.");
        SyslogKeys.register(); // log.syslog { host, port, facility, app_name, max_datagram, bom }

        key("persistence.type", oneOf(persistenceTypes()), "sqlite", (t, v) -> t.broker().persistence().type(v), t -> t.broker().persistence().type(),
                "Where persistent sessions, their QoS 1/2 messages and retained messages are kept: sqlite (a file, survives restarts) or memory.");
        key("persistence.path", text(), "\"wrenmq.db\"", (t, v) -> t.broker().persistence().path(Path.of(v)), t -> t.broker().persistence().path().toString().replace('\\', '/'),
                "The SQLite database file; relative to system.data_dir. Created owner-only.");
        key("persistence.sync", oneOf(syncModes()), "full", (t, v) -> t.broker().persistence().sync(v), t -> t.broker().persistence().sync(),
                "full: an acknowledged message survives power loss (fsync before PUBACK); normal: it survives the broker being killed, not an OS crash.");
        key("persistence.flush_interval", duration(Duration.ZERO, Duration.ofSeconds(10)), "0s", (t, v) -> t.broker().persistence().flushInterval(v), t -> t.broker().persistence().flushInterval(),
                "How long the writer gathers writes into one transaction after the first; 0 = commit as soon as the previous commit is done.");
        key("persistence.max_size", size(0, Long.MAX_VALUE), "0", (t, v) -> t.broker().persistence().maxSizeBytes(v), t -> t.broker().persistence().maxSizeBytes(),
                "Largest the database may grow; 0 = no limit. When full, publishers get 0x97 Quota exceeded instead of an acknowledgement.");
        key("persistence.corrupt_file", oneOf(corruptFileActions()), "stop", (t, v) -> t.broker().persistence().corruptFile(v), t -> t.broker().persistence().corruptFile(),
                "A database that cannot be read: stop (start-up fails and says why) or move_aside (renamed to <file>.corrupt-<time>, start empty).");
        for (String k : new String[] {"disk_cache_size", "mounted_file_path", "flush_mem_threshold", "resend_interval"}) {
            ignored("sqlite." + k, "NanoMQ's sqlite block; WrenMQ persists with persistence { ... } (docs/persistence.md).");
        }

        // ---- authentication: allow_anonymous, password files, SCRAM, login throttle, http_auth (AuthKeys) ----
        AuthKeys.register();

        // ---- authorization: ACL (auth.no_match, deny_action, cache, acl / acl_file); authentication keys are elsewhere ----
        key("auth.no_match", oneOf(noMatchChoices()), "allow", (t, v) -> t.broker().acl().noMatch(v), t -> t.broker().acl().noMatch(),
                "The answer when no ACL rule (and no authorizer) matches: allow (NanoMQ's default) or deny.");
        key("auth.deny_action", oneOf(denyActions()), "ignore", (t, v) -> t.broker().acl().denyAction(v), t -> t.broker().acl().denyAction(),
                "What a denied PUBLISH/SUBSCRIBE does: ignore (v5 0x87, v3 dropped / SUBACK 0x80) or disconnect (v5 DISCONNECT 0x87).");
        key("auth.cache.max_size", clampedInteger(1, 65535), "32", (t, v) -> t.broker().acl().cacheMaxSize(v), t -> t.broker().acl().cacheMaxSize(),
                "ACL decisions cached per client (per kind: publish, subscribe, delivery).");
        key("auth.cache.ttl", clampedDuration(Duration.ZERO, Duration.ofDays(1)), "1m", (t, v) -> t.broker().acl().cacheTtl(v), t -> t.broker().acl().cacheTtl(),
                "How long a cached ACL decision is used; 0 = no cache. A reload clears every cache at once.");
        key("auth.acl", new AclInclude(), "", ConfigSchema::aclBlock, null,
                "NanoMQ form: acl = {include \"etc/acl.conf\"} (the file holds rules = [ ... ]), or the rules inline: acl = { rules = [ ... ] }. Missing, empty or malformed: start-up stops.");
        key("auth.acl_file", AclInclude.fileName(), "\"\"", (t, v) -> aclFile(t, v.isEmpty() ? null : Path.of(v)),
                t -> t.broker().acl().rulesFile() == null ? "" : t.broker().acl().rulesFile().toString(),
                "The ACL file (same content as auth.acl's); relative to WRENMQ_HOME; \"\" = no ACL.");
        // ---- end of authorization ----
        WebhookKeys.register(); // webhook { ... } and webhook.<name> { ... } (read by WebhookKeys.read)
        BridgeKeys.register(); // bridges.mqtt.<name> { ... }, bridges.mqtt.cache { ... }, bridges.aws.<name> { ... }
        RuleKeys.register(); // rules.sqlite { ... }, rules.repub { ... }, rules.mysql.<name> { ... }, ...
        GatewayKeys.register(); // gateway.mqtt { ... } + gateway.zmq { ... } (read by GatewayKeys.read)
        NngGatewayKeys.register(); // bridges.nng.pub|sub|pair.<name> { ... } (read by NngGatewayKeys.read)
        // ---- the REST API (HttpServerKeys) ----
        HttpServerKeys.register();
        // ---- NanoMQ's keys and blocks that mean nothing in WrenMQ (one WARN each) ----
        NanoMqKeys.register();
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

    /** Blocks that turn their feature on by being written in the file (their {@code <block>.enable} says otherwise). */
    public static List<String> switchedOnByBlock() {
        return SWITCHED_ON_BY_BLOCK;
    }

    /** A key (or block) that stops start-up wherever it is written: what is wrong with it and what to write instead. */
    public record Refusal(String message, String hint) {
    }

    /** The keys refused with a hint (NanoMQ's older forms), by path. */
    public static Map<String, Refusal> refused() {
        return Collections.unmodifiableMap(REFUSED);
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

    /** A listener's own rates, the same keys for every kind (limits { } holds the broker-wide ones). */
    private static void listenerLimitKeys(String s) {
        key(s + ".max_conn_rate", LimitsValueTypes.rate(false), "0", null, null,
                "New connections per second this listener accepts (\"100/s\", \"600/m\"); the excess is closed at accept. 0 = no limit.");
        key(s + ".max_conn_burst", integer(0, Integer.MAX_VALUE), "0", null, null,
                "Connections above max_conn_rate accepted at once after a quiet time; 0 = one second's worth.");
        key(s + ".messages_rate", LimitsValueTypes.rate(false), "0", null, null,
                "PUBLISH packets per second one client of this listener may send (overrides limits.messages_rate); 0 = the broker-wide value.");
        key(s + ".messages_burst", integer(0, Integer.MAX_VALUE), "0", null, null,
                "PUBLISH packets above messages_rate a client may send at once; 0 = one second's worth.");
        key(s + ".bytes_rate", LimitsValueTypes.rate(true), "0", null, null,
                "PUBLISH payload bytes per second one client of this listener may send (\"64KB/s\"; overrides limits.bytes_rate); 0 = the broker-wide value.");
        key(s + ".bytes_burst", size(0, Integer.MAX_VALUE), "0", null, null,
                "Payload bytes above bytes_rate a client may send at once; 0 = one second's worth.");
    }

    private static void listenerKeys(ListenerConfig.Kind kind) {
        String s = ListenerKeys.section(kind);
        String bind = switch (kind) {
            case SSL -> "127.0.0.1:8883";
            case WS -> "127.0.0.1:8083/mqtt";
            case QUIC -> "127.0.0.1:14567";
            default -> "127.0.0.1:8084/mqtt";
        };
        key(s + ".bind", ListenerKeys.bind(kind), "\"" + bind + "\"", null, null, kind.webSocket()
                ? "Address, port and HTTP path of the WebSocket endpoint; without a path it is /mqtt."
                : kind == ListenerConfig.Kind.QUIC ? "UDP address and port of the MQTT over QUIC listener (EMQX's port is 14567)."
                : "Address and port of the TLS listener (as listeners.tcp.bind).");
        key(s + ".enable", bool(), "true", null, null, "Whether this listener is on.");
        key(s + ".max_connections", integer(0, Integer.MAX_VALUE), "0", null, null,
                "Connections this listener accepts at once; 0 = no limit.");
        listenerLimitKeys(s);
        if (kind.tls()) {
            String fallback = kind == ListenerConfig.Kind.WSS ? " Without keyfile and certfile, wss takes keyfile, certfile, cacertfile and key_password from listeners.ssl." : "";
            key(s + ".keyfile", ListenerKeys.optionalText(), "\"\"", null, null,
                    "Required: the server's PEM private key (PKCS#8 or PKCS#1, RSA or EC, encrypted or not); relative to WRENMQ_HOME." + fallback);
            key(s + ".certfile", ListenerKeys.optionalText(), "\"\"", null, null,
                    "Required: the server's PEM certificate, followed by any intermediate CA certificates.");
            key(s + ".cacertfile", ListenerKeys.optionalText(), "\"\"", null, null,
                    "PEM CA certificates that client certificates must chain to; needed by verify_peer.");
            key(s + ".key_password", ListenerKeys.optionalText(), "\"\"", null, null,
                    "Password of an encrypted keyfile; empty = the key is not encrypted.");
            key(s + ".verify_peer", bool(), "false", null, null,
                    "Ask clients for a certificate and verify it against cacertfile (mutual TLS).");
            key(s + ".fail_if_no_peer_cert", bool(), "false", null, null,
                    "With verify_peer: refuse clients that send no certificate (otherwise they are let in without one).");
            if (kind.tlsOverTcp()) {
                tlsOverTcpKeys(s);
            }
            key(s + ".peer_cert_as_username", ListenerKeys.peerCert(), "none", null, null,
                    "Use the verified client certificate's cn or dn as the username (replaces the CONNECT username); none = off.");
            key(s + ".peer_cert_as_clientid", ListenerKeys.peerCert(), "none", null, null,
                    "Use the verified client certificate's cn or dn as the client identifier; none = off.");
        }
        if (kind == ListenerConfig.Kind.QUIC) {
            key(s + ".idle_timeout", duration(Duration.ofSeconds(1), Duration.ofHours(24)), "120s", null, null,
                    "QUIC's max_idle_timeout: a connection silent this long is closed by QUIC; keep it above the clients' keep alive.");
            key(s + ".stream_window", size(16 * 1024, 1L << 30), "8MB", null, null,
                    "QUIC flow-control window of the MQTT stream and of the connection (initial_max_stream_data, initial_max_data).");
        }
        if (kind.webSocket()) {
            key(s + ".proxy_address_header", ListenerKeys.optionalText(), "\"\"", null, null,
                    "Behind a reverse proxy: the header naming the client's address, e.g. \"X-Forwarded-For\" (its last entry is used); empty = off. Set it only when every client comes through your proxy.");
        }
    }

    /** The TLS keys that QUIC (always TLS 1.3, its own handshake) does not have. */
    private static void tlsOverTcpKeys(String s) {
        key(s + ".versions", ListenerKeys.versions(), "[\"tlsv1.3\", \"tlsv1.2\"]", null, null,
                "TLS versions accepted; TLS 1.2 is the minimum (tlsv1.1 and older are refused).");
        key(s + ".ciphers", ListenerKeys.ciphers(), "[]", null, null,
                "Cipher suites accepted (IANA names, e.g. TLS_AES_128_GCM_SHA256); empty = the JDK's secure defaults.");
        key(s + ".handshake_timeout", duration(Duration.ofMillis(100), Duration.ofMinutes(5)), "15s", null, null,
                "A TLS handshake not finished by then closes that socket (the listener is unaffected).");
    }

    static <T> void key(String path, ValueType<T> type, String defaultText, BiConsumer<ConfigTarget, T> setter,
                                Function<ConfigTarget, Object> getter, String doc) {
        KEYS.put(path, new ConfigKey<>(path, type, defaultText, setter, getter, doc, null));
    }

    /** A NanoMQ key (or block) that stops start-up with {@code message} and {@code hint}: NanoMQ means it, we cannot. */
    static void refused(String path, String message, String hint) {
        REFUSED.put(path, new Refusal(message, hint));
    }

    /** A NanoMQ key (or a whole NanoMQ block) accepted with one WARN line saying why it has no effect. */
    static void ignored(String path, String why) {
        KEYS.put(path, new ConfigKey<>(path, ValueTypes.ignored(), "", null, null, why, ConfigKey.IgnoredLevel.WARN));
    }

    private static void aclFile(ConfigTarget t, Path file) {
        if (file != null && (t.broker().acl().rulesFile() != null || t.broker().acl().rules() != null)) {
            throw new IllegalArgumentException("auth.acl and auth.acl_file both give ACL rules; keep one");
        }
        t.broker().acl().rulesFile(file);
    }

    /** auth.acl: the rules are read here already (included or inline); the included file is kept for an ACL reload. */
    private static void aclBlock(ConfigTarget t, AclInclude.AclBlock block) {
        if (t.broker().acl().rulesFile() != null || t.broker().acl().rules() != null) {
            throw new IllegalArgumentException("auth.acl and auth.acl_file both give ACL rules; keep one");
        }
        t.broker().acl().rules(block.rules()).rulesFile(block.file());
    }

    private static Map<String, AclConfig.NoMatch> noMatchChoices() {
        Map<String, AclConfig.NoMatch> m = new LinkedHashMap<>();
        m.put("allow", AclConfig.NoMatch.ALLOW);
        m.put("deny", AclConfig.NoMatch.DENY);
        return m;
    }

    private static Map<String, AclConfig.DenyAction> denyActions() {
        Map<String, AclConfig.DenyAction> m = new LinkedHashMap<>();
        m.put("ignore", AclConfig.DenyAction.IGNORE);
        m.put("disconnect", AclConfig.DenyAction.DISCONNECT);
        return m;
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

    private static Map<String, OnlineQueueFull> onlineQueueFullChoices() {
        Map<String, OnlineQueueFull> m = new LinkedHashMap<>();
        m.put("backpressure", OnlineQueueFull.BACKPRESSURE);
        m.put("drop", OnlineQueueFull.DROP);
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
        m.put("syslog", LogSettings.Target.SYSLOG);
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
