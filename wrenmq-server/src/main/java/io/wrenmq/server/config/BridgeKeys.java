package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.clampedDuration;
import static io.wrenmq.server.config.ValueTypes.clampedInteger;
import static io.wrenmq.server.config.ValueTypes.clampedMillis;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.longInteger;
import static io.wrenmq.server.config.ValueTypes.oneOf;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.bridge.BridgeCacheConfig;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.bridge.BridgesConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * NanoMQ's {@code bridges} block: the schema rows of {@code bridges.mqtt.<name> { ... }} (also read for
 * {@code bridges.aws.<name>}, whose keys are a subset) and {@code bridges.mqtt.cache { ... }}, and the reader that
 * turns the block into {@link BridgesConfig}. One bridge is read by {@link BridgeReader}. Defaults are NanoMQ's
 * (nanomq.md "bridges.mqtt.&lt;name&gt;"; NanoNNG conf_ver2.c) unless a row says otherwise.
 */
final class BridgeKeys {
    /** The rows of one bridge: {@code bridges.mqtt.<name>.server}. */
    static final String B = "bridges.mqtt.<name>.";
    static final String FORWARDS = "forwards";
    static final String SUBSCRIPTION = "subscription";
    private static final String CACHE = "cache";
    private static final String C = "bridges.mqtt." + CACHE + ".";
    private static final List<String> KINDS = List.of("mqtt", "aws");

    /** What reading a bridge needs besides its block. */
    record Context(String nodeName, BridgeVin vin, Path baseDir, List<ConfigError> errors, BlockValues.Warnings warnings) {
    }

    private BridgeKeys() {
    }

    static void register() {
        connectionKeys();
        ConfigSchema.key(B + "ssl.enable", bool(), "true", null, null,
                "false = the ssl block is not used (a tls+mqtt-tcp:// server then trusts the JVM's CAs).");
        ConfigSchema.key(B + "ssl.cacertfile", ListenerKeys.optionalText(), "\"\"", null, null,
                "PEM CA certificates the remote broker's certificate must chain to; \"\" = the JVM's trusted CAs. Relative to WRENMQ_HOME.");
        ConfigSchema.key(B + "ssl.certfile", ListenerKeys.optionalText(), "\"\"", null, null,
                "Our client certificate (PEM, with intermediates) for mutual TLS, e.g. AWS IoT Core; needs keyfile.");
        ConfigSchema.key(B + "ssl.keyfile", ListenerKeys.optionalText(), "\"\"", null, null,
                "The client certificate's private key (PEM: PKCS#8 or PKCS#1, RSA or EC).");
        ConfigSchema.key(B + "ssl.key_password", ListenerKeys.optionalText(), "\"\"", null, null,
                "Password of an encrypted keyfile; \"\" = not encrypted.");
        ConfigSchema.key(B + "ssl.verify_peer", bool(), "true", null, null,
                "Check the remote broker's certificate chain and host name; false only for tests (anyone could pose as the broker).");
        ConfigSchema.key(B + "ssl.server_name_indication", ListenerKeys.optionalText(), "\"\"", null, null,
                "The TLS SNI host name (and the name the certificate must carry); \"\" = the server URL's host.");
        ConfigSchema.ignored(B + "tcp", "NanoMQ's socket options (nodelay, keepalive, ...); WrenMQ sets TCP_NODELAY and"
                + " finds a dead link by the MQTT keepalive.");
        quicKeys();
        ConfigSchema.ignored(B + "retry_qos_0", "NanoMQ's switch to cache QoS 0 forwards; WrenMQ's QoS 0 forwards are best"
                + " effort, QoS 1/2 ones always cached.");
        ConfigSchema.ignored(B + "no_local_v4", "NanoMQ's No Local for MQTT 3.1.1 remotes; WrenMQ marks what came in over a"
                + " bridge and never sends it back over it.");
        propertyKeys();
        routeKeys();
        queueKeys();
        ConfigSchema.key(C + "enable", bool(), "true", null, null,
                "The offline cache of every bridge: forwarded QoS 1/2 messages wait in the broker's store while the remote is unreachable or slow.");
        ConfigSchema.key(C + "disk_cache_size", clampedInteger(0, Integer.MAX_VALUE), "102400", null, null,
                "Messages kept per bridge at the most; beyond it the oldest is dropped (counted and logged). 0 = no cache.");
        ConfigSchema.key(C + "flush_mem_threshold", clampedInteger(1, 1_000_000), "100", null, null,
                "NanoMQ's batch size for writing the cache; accepted, the store's group commit batches the writes.");
        ConfigSchema.key(C + "resend_interval", clampedMillis(Duration.ZERO, Duration.ofHours(1)), "5s", null, null,
                "NanoMQ's pause between two resent cached messages; accepted, the cache drains as fast as the remote acknowledges.");
        ConfigSchema.ignored(C + "mounted_file_path", "NanoMQ's directory of the cache's SQLite file; WrenMQ keeps the"
                + " cache in its own store (persistence.path).");
    }

    private static void connectionKeys() {
        ConfigSchema.key(B + "enable", bool(), "true", null, null,
                "Whether this bridge runs; a written block is on unless enable = false.");
        ConfigSchema.key(B + "server", BridgeValueTypes.server(false), "\"\"", null, null,
                "Required: the remote broker, \"mqtt-tcp://host:port\", \"tls+mqtt-tcp://host:port\" or \"mqtt-quic://host:port\" (port 1883 / 8883 / 14567 by default; IPv6 in brackets).");
        ConfigSchema.key(B + "proto_ver", oneOf(versions()), "4", null, null,
                "MQTT version towards the remote: 3 (3.1), 4 (3.1.1) or 5.");
        ConfigSchema.key(B + "clientid", BridgeValueTypes.text(), "\"\"", null, null,
                "The remote client id; \"\" = <system.node_name>-bridge-<name> (characters other than A-Z a-z 0-9 _ - become _), the same after every restart so the remote session carries on. ${VIN} is replaced.");
        ConfigSchema.key(B + "keepalive", clampedDuration(Duration.ZERO, Duration.ofSeconds(65535)), "60s", null, null,
                "The remote connection's keep alive; 0 = none.");
        ConfigSchema.key(B + "backoff_max", clampedDuration(Duration.ofSeconds(1), Duration.ofHours(1)), "60s", null, null,
                "The longest wait between two connection attempts (they start at 1s and double).");
        ConfigSchema.key(B + "clean_start", bool(), "true", null, null,
                "true = a new remote session on every connection; false = resume it (with proto_ver = 5 also set conn_properties.session_expiry_interval).");
        ConfigSchema.key(B + "username", BridgeValueTypes.text(), "\"\"", null, null, "User name on the remote broker; \"\" = none.");
        ConfigSchema.key(B + "password", BridgeValueTypes.text(), "\"\"", null, null, "Password on the remote broker; \"\" = none.");
        ConfigSchema.key(B + "transparent", bool(), "false", null, null,
                "Also make local clients' SUBSCRIBE and UNSUBSCRIBE on the remote broker (NanoMQ's transparent bridging).");
        ConfigSchema.key(B + "hybrid_bridging", bool(), "false", null, null,
                "Fail over: after a failed connection try the next of server and hybrid_servers, in turn.");
        ConfigSchema.key(B + "hybrid_servers", BridgeValueTypes.servers(), "[]", null, null,
                "More servers for hybrid_bridging, e.g. [\"mqtt-quic://10.0.0.2:14567\", \"mqtt-tcp://10.0.0.2:1883\"].");
    }

    /**
     * NanoMQ's quic_* keys for an mqtt-quic:// server (docs/quic.md): the ones quiche (Netty's QUIC) has a setting for
     * map to it; the msquic-only ones are accepted with one warning for all of them.
     */
    private static void quicKeys() {
        ConfigSchema.key(B + "quic_idle_timeout", clampedDuration(Duration.ofSeconds(1), Duration.ofHours(24)), "120s", null, null,
                "mqtt-quic://: QUIC's max_idle_timeout; QUIC closes a connection silent this long. Keep it above keepalive.");
        ConfigSchema.key(B + "quic_handshake_timeout", clampedDuration(Duration.ofMillis(100), Duration.ofMinutes(10)), "10s", null, null,
                "mqtt-quic://: how long the QUIC handshake may take (cancel_timeout still bounds the whole connect).");
        ConfigSchema.key(B + "quic_max_ack_delay_ms", clampedMillis(Duration.ZERO, Duration.ofMillis(16383)), "25ms", null, null,
                "mqtt-quic://: the longest we delay an ACK (QUIC's max_ack_delay, RFC 9000 default 25 ms; NanoMQ's 100 ms); a plain number is milliseconds.");
        ConfigSchema.key(B + "quic_0rtt", BridgeValueTypes.flag(), "true", null, null,
                "mqtt-quic://: on a reconnect, resume the TLS session and send CONNECT as 0-RTT early data.");
        String msquicOnly = "An msquic setting of NanoMQ that quiche (Netty's QUIC) has no counterpart for (docs/quic.md)";
        ConfigSchema.ignored(B + "quic_keepalive", msquicOnly + "; the MQTT keepalive keeps the link alive.");
        ConfigSchema.ignored(B + "quic_discon_timeout", msquicOnly + "; quic_idle_timeout and keepalive find a dead path.");
        ConfigSchema.ignored(B + "quic_send_idle_timeout", msquicOnly + ".");
        ConfigSchema.ignored(B + "quic_initial_rtt_ms", msquicOnly + "; quiche starts from RFC 9002's 333 ms.");
        ConfigSchema.ignored(B + "quic_qos_priority", msquicOnly + "; MQTT runs on one stream, in order.");
        ConfigSchema.ignored(B + "quic_multi_stream", "NanoMQ's one stream per topic: not supported; MQTT runs on one"
                + " bidirectional stream (EMQX's control stream).");
    }

    private static void propertyKeys() {
        String cp = B + "conn_properties.";
        ConfigSchema.key(cp + "maximum_packet_size", clampedInteger(0, ConfigSchema.MAX_PACKET), "0", null, null,
                "MQTT 5: the largest packet the bridge accepts from the remote; 0 = no limit.");
        ConfigSchema.key(cp + "receive_maximum", clampedInteger(0, 65535), "0", null, null,
                "MQTT 5: QoS 1/2 messages the remote may send unacknowledged; 0 = max_recv_queue_len.");
        ConfigSchema.key(cp + "topic_alias_maximum", clampedInteger(0, 65535), "0", null, null,
                "MQTT 5: topic aliases the remote may use towards the bridge; 0 = none.");
        ConfigSchema.key(cp + "request_problem_information", BridgeValueTypes.flag(), "true", null, null,
                "MQTT 5: whether the remote may send reason strings and user properties with any packet (1/0 also).");
        ConfigSchema.key(cp + "request_problem_infomation", BridgeValueTypes.flag(), "true", null, null,
                "NanoMQ's spelling of request_problem_information (write one of the two).");
        ConfigSchema.key(cp + "request_response_information", BridgeValueTypes.flag(), "false", null, null,
                "MQTT 5: ask the remote for Response Information in CONNACK.");
        ConfigSchema.key(cp + "request_response_infomation", BridgeValueTypes.flag(), "false", null, null,
                "NanoMQ's spelling of request_response_information (write one of the two).");
        ConfigSchema.key(cp + "session_expiry_interval", longInteger(0, 0xFFFFFFFFL), "0", null, null,
                "MQTT 5: seconds the remote keeps the bridge's session after a disconnect; 4294967295 = never expires.");
        ConfigSchema.key(cp + "user_property", BridgeValueTypes.userProperties(), "{}", null, null,
                "MQTT 5: user properties of the CONNECT, e.g. { site = \"plant-3\" }.");
        String w = B + "will.";
        ConfigSchema.key(w + "topic", BridgeValueTypes.text(), "\"\"", null, null,
                "Required in a will block: the topic the remote publishes when the bridge is lost; no will without the block.");
        ConfigSchema.key(w + "qos", integer(0, 2), "0", null, null, "The will's QoS.");
        ConfigSchema.key(w + "retain", bool(), "false", null, null, "Whether the will is retained.");
        ConfigSchema.key(w + "payload", BridgeValueTypes.text(), "\"\"", null, null, "The will's payload (UTF-8 text).");
        ConfigSchema.key(w + "properties.payload_format_indicator", integer(0, 1), "0", null, null,
                "MQTT 5: 1 = the payload is UTF-8 text.");
        ConfigSchema.key(w + "properties.message_expiry_interval", longInteger(0, 0xFFFFFFFFL), "0", null, null,
                "MQTT 5: seconds the will is kept for subscribers; 0 = not sent (no expiry).");
        ConfigSchema.key(w + "properties.content_type", BridgeValueTypes.text(), "\"\"", null, null,
                "MQTT 5: the will's content type; \"\" = not sent.");
        ConfigSchema.key(w + "properties.response_topic", BridgeValueTypes.text(), "\"\"", null, null,
                "MQTT 5: the will's response topic; \"\" = not sent.");
        ConfigSchema.key(w + "properties.correlation_data", BridgeValueTypes.text(), "\"\"", null, null,
                "MQTT 5: the will's correlation data (as UTF-8); \"\" = not sent.");
        ConfigSchema.key(w + "properties.will_delay_interval", longInteger(0, 0xFFFFFFFFL), "0", null, null,
                "MQTT 5: seconds the remote waits before publishing the will.");
        ConfigSchema.key(w + "properties.user_property", BridgeValueTypes.userProperties(), "{}", null, null,
                "MQTT 5: the will's user properties.");
        ConfigSchema.key(B + "sub_properties.identifier", integer(0, 268_435_455), "0", null, null,
                "MQTT 5: the Subscription Identifier of the bridge's remote subscriptions; 0 = none.");
        ConfigSchema.key(B + "sub_properties.user_property", BridgeValueTypes.userProperties(), "{}", null, null,
                "MQTT 5: user properties of the bridge's SUBSCRIBE.");
    }

    private static void routeKeys() {
        String f = B + FORWARDS + "[].";
        ConfigSchema.key(f + "local_topic", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the local topic filter whose messages go to the remote broker. ${VIN} is replaced (in every topic, prefix and suffix).");
        ConfigSchema.key(f + "remote_topic", BridgeValueTypes.text(), "\"\"", null, null,
                "The remote topic: \"\" = the message's own; a name = that topic; with + or # = filled with what local_topic's + and # matched.");
        ConfigSchema.key(f + "qos", integer(-1, 2), "-1", null, null, "The remote QoS; -1 = the message's own.");
        ConfigSchema.key(f + "retain", integer(0, 2), "2", null, null, "The remote retain flag: 0 or 1, 2 = the message's own.");
        ConfigSchema.key(f + "prefix", BridgeValueTypes.text(), "\"\"", null, null,
                "Put before the remote topic (no + or #), e.g. \"site-3/\".");
        ConfigSchema.key(f + "suffix", BridgeValueTypes.text(), "\"\"", null, null, "Put after the remote topic (no + or #).");
        String s = B + SUBSCRIPTION + "[].";
        ConfigSchema.key(s + "remote_topic", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the topic filter the bridge subscribes to on the remote broker.");
        ConfigSchema.key(s + "local_topic", BridgeValueTypes.text(), "\"\"", null, null,
                "The local topic: \"\" = the message's own; a name = that topic; with + or # = filled with what remote_topic's + and # matched.");
        ConfigSchema.key(s + "qos", integer(0, 2), "1", null, null, "The QoS of the remote subscription.");
        ConfigSchema.key(s + "retain", integer(0, 2), "2", null, null, "The local retain flag: 0 or 1, 2 = as received.");
        ConfigSchema.key(s + "retain_as_published", BridgeValueTypes.flag(), "false", null, null,
                "MQTT 5 subscription option: the remote keeps the publisher's retain flag.");
        ConfigSchema.key(s + "retain_handling", integer(0, 2), "0", null, null,
                "MQTT 5 subscription option: 0 = retained messages at every subscribe, 1 = only at a new one, 2 = never.");
        ConfigSchema.key(s + "no_local", BridgeValueTypes.flag(), "true", null, null,
                "MQTT 5 subscription option: not to receive what the bridge itself forwarded (default true with proto_ver = 5, else false).");
        ConfigSchema.key(s + "prefix", BridgeValueTypes.text(), "\"\"", null, null, "Put before the local topic (no + or #).");
        ConfigSchema.key(s + "suffix", BridgeValueTypes.text(), "\"\"", null, null, "Put after the local topic (no + or #).");
        ConfigSchema.ignored(s + "stream_id", "NanoMQ's QUIC stream of the subscription; WrenMQ's QUIC bridge uses one stream (quic_multi_stream is not supported).");
    }

    private static void queueKeys() {
        ConfigSchema.key(B + "max_parallel_processes", clampedInteger(1, 1024), "2", null, null,
                "Messages from the remote being published locally at once.");
        ConfigSchema.key(B + "max_send_queue_len", clampedInteger(1, 65535), "32", null, null,
                "NanoMQ's send queue length; accepted: what waits for the remote is in the offline cache (max_inflight is the window).");
        ConfigSchema.key(B + "max_inflight", clampedInteger(1, 65535), "1024", null, null,
                "Forwarded QoS 1/2 messages in flight to the remote at once (an MQTT 5 remote's Receive Maximum lowers it); more wait in the offline cache, and at most this many are sent twice after a cut.");
        ConfigSchema.key(B + "max_recv_queue_len", clampedInteger(1, 65535), "128", null, null,
                "The Receive Maximum the bridge announces to an MQTT 5 remote (unless conn_properties.receive_maximum).");
        ConfigSchema.key(B + "resend_interval", clampedMillis(Duration.ofMillis(1), Duration.ofHours(1)), "5s", null, null,
                "How often an unacknowledged forward is sent again while connected; a bare number is milliseconds, as NanoMQ writes it.");
        ConfigSchema.key(B + "resend_wait", clampedMillis(Duration.ZERO, Duration.ofHours(1)), "3s", null, null,
                "How long an unacknowledged forward waits before it is first sent again (a bare number is milliseconds).");
        ConfigSchema.key(B + "cancel_timeout", clampedMillis(Duration.ofMillis(100), Duration.ofMinutes(10)), "10s", null, null,
                "The longest a connection attempt may take (a bare number is milliseconds).");
    }

    /** NanoMQ's proto_ver: 3, 4 or 5 (also read for rules.repub). */
    static Map<String, MqttVersion> versions() {
        Map<String, MqttVersion> m = new LinkedHashMap<>();
        m.put("3", MqttVersion.V3_1);
        m.put("4", MqttVersion.V3_1_1);
        m.put("5", MqttVersion.V5);
        return m;
    }

    /** Reads the {@code bridges} block; problems go to the context's errors, warnings to its warnings. */
    static BridgesConfig read(ConfigValue value, Context ctx) {
        if (!(value instanceof ConfigObject root)) {
            ctx.errors().add(ConfigError.at(value.origin(), "bridges", "wrong type: found " + BlockValues.typeName(value),
                    "expected a block bridges.mqtt.<name> { server = \"mqtt-tcp://host:1883\", forwards = [ ... ] }"));
            return BridgesConfig.NONE;
        }
        BridgeCacheConfig cache = BridgeCacheConfig.DEFAULT;
        Map<String, BlockValues> blocks = new LinkedHashMap<>();
        for (String kind : KINDS) {
            if (root.get(kind) == null) {
                continue;
            }
            if (!(root.get(kind) instanceof ConfigObject named)) {
                ctx.errors().add(ConfigError.at(root.get(kind).origin(), "bridges." + kind, "wrong type: found "
                        + BlockValues.typeName(root.get(kind)), "expected blocks bridges." + kind + ".<name> { ... }"));
                continue;
            }
            // Sorted: HOCON keeps no order in a block, and the bridges should start in the same order every time.
            for (Map.Entry<String, ConfigValue> e : new TreeMap<>(named).entrySet()) {
                String path = "bridges." + kind + "." + e.getKey();
                if (kind.equals("mqtt") && e.getKey().equals(CACHE)) {
                    cache = cache(e.getValue(), ctx);
                } else if (!(e.getValue() instanceof ConfigObject obj)) {
                    ctx.errors().add(ConfigError.at(e.getValue().origin(), path, "wrong type: found "
                            + BlockValues.typeName(e.getValue()), "expected a block " + path + " { server = \"...\" }"));
                } else if (blocks.containsKey(e.getKey())) {
                    ctx.errors().add(ConfigError.at(obj.origin(), path, "a second bridge named " + e.getKey(),
                            "bridge names must differ between bridges.mqtt and bridges.aws: the name is the bridge's local session"));
                } else {
                    blocks.put(e.getKey(), new BlockValues(obj, B, path, ctx.errors(), ctx.warnings()));
                }
            }
        }
        root.forEach((k, v) -> {
            if (!KINDS.contains(k)) {
                ctx.errors().add(BlockValues.unknown("bridges", k, v, KINDS));
            }
        });
        List<BridgeConfig> bridges = new ArrayList<>();
        List<BlockValues> read = new ArrayList<>();
        BridgeReader reader = new BridgeReader(ctx);
        blocks.forEach((name, block) -> {
            BridgeConfig c = reader.read(name, block, block.path().startsWith("bridges.aws."));
            if (c != null) {
                checkClientId(c, block, bridges, read, ctx.errors());
                bridges.add(c);
                read.add(block);
            }
        });
        return new BridgesConfig(bridges, cache);
    }

    /**
     * The names of the bridges written in the block (also those with errors, which are reported on their own), for
     * the rules that forward through one; empty without a block.
     */
    static Set<String> writtenNames(ConfigValue value) {
        Set<String> out = new TreeSet<>();
        if (value instanceof ConfigObject root) {
            for (String kind : KINDS) {
                if (root.get(kind) instanceof ConfigObject named) {
                    named.forEach((name, v) -> {
                        if (v instanceof ConfigObject && !(kind.equals("mqtt") && name.equals(CACHE))) {
                            out.add(name);
                        }
                    });
                }
            }
        }
        return out;
    }

    /** Two bridges with one client id on one broker would take each other's connection over, again and again. */
    private static void checkClientId(BridgeConfig c, BlockValues block, List<BridgeConfig> before, List<BlockValues> blocks,
            List<ConfigError> errors) {
        for (int i = 0; i < before.size(); i++) {
            BridgeConfig other = before.get(i);
            if (!other.clientId().equals(c.clientId())) {
                continue;
            }
            for (BridgeServer s : c.servers()) {
                if (other.servers().stream().anyMatch(o -> o.host().equalsIgnoreCase(s.host()) && o.port() == s.port())) {
                    errors.add(ConfigError.at(block.origin("clientid"), block.path("clientid"), "\"" + c.clientId()
                            + "\" is also the client id of " + blocks.get(i).path() + " on " + s.host() + ":" + s.port(),
                            "give each bridge to one broker its own clientid: the broker lets one connection per client"
                                    + " id and would drop one bridge whenever the other connects"));
                    return;
                }
            }
        }
    }

    private static BridgeCacheConfig cache(ConfigValue value, Context ctx) {
        String path = "bridges.mqtt." + CACHE;
        if (!(value instanceof ConfigObject obj)) {
            ctx.errors().add(ConfigError.at(value.origin(), path, "wrong type: found " + BlockValues.typeName(value),
                    "expected a block " + path + " { disk_cache_size = 102400 }"));
            return BridgeCacheConfig.DEFAULT;
        }
        BlockValues b = new BlockValues(obj, C, path, ctx.errors(), ctx.warnings());
        b.checkKeys(Set.of());
        int before = ctx.errors().size();
        Boolean enable = b.get("enable");
        Integer size = b.get("disk_cache_size");
        Integer flush = b.get("flush_mem_threshold");
        Duration resend = b.get("resend_interval");
        if (ctx.errors().size() > before) {
            return BridgeCacheConfig.DEFAULT;
        }
        return new BridgeCacheConfig(enable && size > 0, size, flush, resend);
    }
}
