package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.oneOf;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.gateway.GatewayConfig;
import io.wrenmq.server.gateway.GatewayMqttConfig;
import io.wrenmq.server.gateway.GatewaysConfig;
import io.wrenmq.server.gateway.zmq.ZmqGatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * NanoMQ's gateway file (etc/nanomq_zmq_gateway.conf; NanoNNG conf_gateway_parse_ver2): the schema rows of
 * {@code gateway.mqtt { ... }} and {@code gateway.zmq { ... }}, and the reader that turns the {@code gateway} block
 * into {@link GatewaysConfig}. The same block works in the broker's file (the gateway runs inside the broker, on its
 * in-process API: {@code address}, {@code proto_ver}, {@code keepalive}, {@code clean_start}, {@code username},
 * {@code password} and {@code clientid} have nothing to do there and are ignored with a warning) and in the file of
 * `wrenmq gateway zmq --conf`, which connects to {@code address}. Defaults are NanoMQ's where it has one
 * (gateway_conf_init, zmq_gateway.c); rows marked "ours" are WrenMQ's.
 */
final class GatewayKeys {
    static final String MQTT = "gateway.mqtt.";
    static final String ZMQ = "gateway.zmq.";
    private static final List<String> BLOCKS = List.of("mqtt", "zmq");
    /** The keys of gateway.mqtt that only a standalone gateway's connection uses. */
    private static final Set<String> CONNECTION_ONLY = Set.of("address", "proto_ver", "keepalive", "clean_start",
            "username", "password", "clientid");
    /** tcp://host:port, tcp://[v6]:port or ipc://path, the transports JeroMQ connects over. */
    private static final Pattern ZMQ_ENDPOINT = Pattern.compile("tcp://(\\[[0-9A-Fa-f:.]+]|[^:/\\s]+|\\*):\\d{1,5}|ipc://\\S+");

    /** What reading the gateways needs besides their block. */
    record Context(String nodeName, boolean standalone, List<ConfigError> errors, BlockValues.Warnings warnings) {
    }

    private GatewayKeys() {
    }

    static void register() {
        ConfigSchema.key(MQTT + "address", BridgeValueTypes.server(false), "\"\"", null, null,
                "Standalone gateway only (`wrenmq gateway zmq --conf`): the broker to connect to, \"mqtt-tcp://host:port\". Inside the broker it is ignored: the gateway uses the in-process API.");
        ConfigSchema.key(MQTT + "sub_topic", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the MQTT topic filter whose messages go out to ZeroMQ (subscribed at QoS 0).");
        ConfigSchema.key(MQTT + "forward", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the MQTT topic ZeroMQ messages are published to (QoS 0, not retained).");
        ConfigSchema.key(MQTT + "proto_ver", oneOf(BridgeKeys.versions()), "4", null, null,
                "Standalone gateway only: MQTT version of its connection, 3 (3.1), 4 (3.1.1) or 5.");
        ConfigSchema.key(MQTT + "keepalive", integer(0, 65535), "60", null, null,
                "Standalone gateway only: keep alive of its connection in seconds (a number, as NanoMQ writes it); 0 = none.");
        ConfigSchema.key(MQTT + "clean_start", bool(), "true", null, null, "Standalone gateway only: the connection's clean start flag.");
        ConfigSchema.key(MQTT + "username", BridgeValueTypes.text(), "\"\"", null, null, "Standalone gateway only: user name; \"\" = none.");
        ConfigSchema.key(MQTT + "password", BridgeValueTypes.text(), "\"\"", null, null, "Standalone gateway only: password; \"\" = none.");
        ConfigSchema.key(MQTT + "clientid", BridgeValueTypes.text(), "\"\"", null, null,
                "Standalone gateway only (ours): client id of its connection; \"\" = <system.node_name>-gateway-zmq.");
        ConfigSchema.key(MQTT + "parallel", integer(1, 65535), "32", null, null,
                "Publishes from ZeroMQ to MQTT in flight at most (NanoMQ: outstanding requests); beyond, the gateway waits and ZeroMQ's receive high-water mark (1,000) drops.");
        ConfigSchema.key(ZMQ + "enable", bool(), "true", null, null,
                "Ours: false = the gateway is configured but not started (PUT /api/v4/gateways/zmq/switch starts it).");
        ConfigSchema.key(ZMQ + "sub_address", BridgeValueTypes.text(), "\"tcp://localhost:5560\"", null, null,
                "The ZeroMQ endpoint the gateway's SUB socket connects to (the peer binds a PUB or XPUB there): \"tcp://host:port\" or \"ipc://path\".");
        ConfigSchema.key(ZMQ + "pub_address", BridgeValueTypes.text(), "\"tcp://localhost:5559\"", null, null,
                "The ZeroMQ endpoint the gateway's PUB socket connects to (the peer binds a SUB or XSUB there).");
        ConfigSchema.key(ZMQ + "sub_pre", BridgeValueTypes.text(), "\"\"", null, null,
                "The SUB socket's subscription: only ZeroMQ messages beginning with it are forwarded, whole (the prefix is not stripped); \"\" = all.");
        ConfigSchema.key(ZMQ + "pub_pre", BridgeValueTypes.text(), "\"\"", null, null,
                "Sent as a first frame before each MQTT message's payload (ZeroMQ subscribers match on it); \"\" = the payload alone.");
        ConfigSchema.key(ZMQ + "queue_size", integer(1, 10_000_000), "10000", null, null,
                "Ours: MQTT messages waiting for the PUB socket at most; when full the arriving message is dropped and counted (reason queue_full).");
        // NanoMQ's gateway file has http_server { port, parallel, username, password } for its own REST API; in the
        // broker's file the block is the broker's API, where parallel means nothing.
        ConfigSchema.ignored("http_server.parallel", "NanoMQ's HTTP worker count; WrenMQ's REST API sizes its pool by http_server.limit_conn.");
    }

    /** Reads the {@code gateway} block; problems go to the context's errors, warnings to its warnings. */
    static GatewaysConfig read(ConfigValue value, Context ctx) {
        if (!(value instanceof ConfigObject root)) {
            ctx.errors().add(ConfigError.at(value.origin(), "gateway", "wrong type: found " + BlockValues.typeName(value),
                    "expected the blocks gateway.mqtt { ... } and gateway.zmq { ... }"));
            return GatewaysConfig.NONE;
        }
        root.forEach((k, v) -> {
            if (!BLOCKS.contains(k)) {
                ctx.errors().add(BlockValues.unknown("gateway", k, v, BLOCKS));
            }
        });
        BlockValues mqtt = block(root.get("mqtt"), MQTT, "gateway.mqtt", ctx);
        BlockValues zmq = block(root.get("zmq"), ZMQ, "gateway.zmq", ctx);
        if (zmq == null) {
            if (mqtt != null) {
                ctx.errors().add(ConfigError.at(root.origin(), "gateway.zmq", "missing",
                        "gateway.mqtt needs its gateway: gateway.zmq { sub_address = \"tcp://127.0.0.1:5560\", ... }"));
            }
            return GatewaysConfig.NONE;
        }
        if (mqtt == null) {
            ctx.errors().add(ConfigError.at(root.origin(), "gateway.mqtt", "missing",
                    "the ZeroMQ gateway needs gateway.mqtt { sub_topic = \"...\", forward = \"...\" }"));
            return GatewaysConfig.NONE;
        }
        int before = ctx.errors().size();
        GatewayMqttConfig m = mqtt(mqtt, "zmq", ctx);
        ZmqGatewayConfig z = zmq(zmq, m);
        List<GatewayConfig> out = new ArrayList<>();
        if (ctx.errors().size() == before) {
            out.add(z);
        }
        return new GatewaysConfig(out);
    }

    private static BlockValues block(ConfigValue v, String rows, String path, Context ctx) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof ConfigObject obj)) {
            ctx.errors().add(ConfigError.at(v.origin(), path, "wrong type: found " + BlockValues.typeName(v),
                    "expected a block " + path + " { ... }"));
            return null;
        }
        BlockValues b = new BlockValues(obj, rows, path, ctx.errors(), ctx.warnings());
        b.checkKeys(Set.of());
        return b;
    }

    private static GatewayMqttConfig mqtt(BlockValues b, String gateway, Context ctx) {
        if (!ctx.standalone()) {
            CONNECTION_ONLY.stream().sorted().filter(k -> b.written(k) != null).forEach(k -> ctx.warnings().ignored(
                    b.origin(k), b.path(k), "inside the broker the gateway uses its in-process API; only a standalone"
                            + " gateway (wrenmq gateway " + gateway + " --conf) connects with it"));
        }
        BridgeServer server = b.written("address") != null ? b.get("address") : null;
        if (ctx.standalone() && server == null && b.written("address") == null) {
            b.error("address", "missing", "a standalone gateway connects to address = \"mqtt-tcp://host:1883\"");
        } else if (ctx.standalone() && server != null && server.tls()) {
            b.error("address", "TLS is not supported by the standalone gateway: " + server.url(),
                    "connect over mqtt-tcp:// (loopback or a trusted network), or run the gateway inside the broker");
        }
        String subTopic = topic(b, "sub_topic", true);
        String forward = topic(b, "forward", false);
        MqttVersion version = b.get("proto_ver");
        Integer keepalive = b.get("keepalive");
        Boolean cleanStart = b.get("clean_start");
        Integer parallel = b.get("parallel");
        String clientId = b.get("clientid");
        String username = b.get("username");
        String password = b.get("password");
        if (clientId != null && clientId.isEmpty()) {
            clientId = (ctx.nodeName() + "-gateway-" + gateway).replaceAll("[^A-Za-z0-9_-]", "_");
        }
        return new GatewayMqttConfig(server == null ? "" : server.host(), server == null ? 0 : server.port(), subTopic,
                version, keepalive == null ? 0 : keepalive, Boolean.TRUE.equals(cleanStart), username, password,
                forward, parallel == null ? 1 : parallel, clientId);
    }

    /** A required topic filter (sub_topic) or topic name (forward), checked as MQTT would check it. */
    private static String topic(BlockValues b, String key, boolean filter) {
        String t = b.get(key);
        if (t == null) {
            return null;
        }
        if (t.isEmpty()) {
            b.error(key, "missing", filter ? "sub_topic = \"topic/sub\": the MQTT messages that go out to ZeroMQ"
                    : "forward = \"topic/pub\": the MQTT topic ZeroMQ messages are published to");
            return null;
        }
        String reason = filter ? TopicSyntax.invalidFilterReason(t) : TopicSyntax.invalidNameReason(t);
        if (reason != null) {
            b.error(key, "not a valid MQTT topic " + (filter ? "filter" : "name") + ": \"" + t + "\" (" + reason + ")",
                    filter ? "a filter such as \"plant/+/cmd\" or \"cmd/#\"" : "a topic without + or #, e.g. \"zmq/in\"");
            return null;
        }
        return t;
    }

    private static ZmqGatewayConfig zmq(BlockValues b, GatewayMqttConfig mqtt) {
        Boolean enable = b.get("enable");
        String sub = endpoint(b, "sub_address");
        String pub = endpoint(b, "pub_address");
        String subPre = b.get("sub_pre");
        String pubPre = b.get("pub_pre");
        Integer queue = b.get("queue_size");
        return new ZmqGatewayConfig("zmq", !Boolean.FALSE.equals(enable), mqtt, sub, pub, subPre, pubPre,
                queue == null ? 1 : queue);
    }

    private static String endpoint(BlockValues b, String key) {
        String e = b.get(key);
        if (e != null && !ZMQ_ENDPOINT.matcher(e.trim()).matches()) {
            b.error(key, "not a ZeroMQ endpoint: \"" + e + "\"", "write \"tcp://127.0.0.1:5560\" (or \"ipc:///path\"); the gateway connects, the peer binds");
            return null;
        }
        return e == null ? null : e.trim();
    }
}
