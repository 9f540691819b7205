package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.oneOf;
import static io.wrenmq.server.config.ValueTypes.size;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.gateway.GatewayConfig;
import io.wrenmq.server.gateway.nngbridge.NngGatewayConfig;
import io.wrenmq.server.gateway.nngbridge.NngGatewayConfig.Kind;
import io.wrenmq.server.gateway.nngbridge.NngRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The NNG gateway's keys: NanoMQ master's {@code bridges.nng.pub.<name> { pub_url, clientid, forwards = [{ local_topic,
 * remote_topic, nng_delimiter, qos }] }} and {@code bridges.nng.sub.<name> { sub_url, clientid, subscription = [{
 * remote_topic, nng_delimiter, local_topic, qos }] }} (NanoNNG conf_ver2.c; NanoMQ docs bridges/nng-bridge.md), and
 * ours: {@code bridges.nng.pair.<name> { pair_url, version, forwards, subscription }}, {@code mode} (NanoMQ listens;
 * dial connects out), {@code max_message_size}, {@code queue_size}, and {@code enable} defaulting to true (a written
 * block runs, as for bridges.mqtt).
 */
final class NngGatewayKeys {
    private static final List<String> KINDS = List.of("pub", "sub", "pair");
    /** SP over TCP: what the NNG wire of WrenMQ speaks (nng's ipc:// and inproc:// are local to a C process). */
    private static final Pattern URL = Pattern.compile("tcp://(\\[[0-9A-Fa-f:.]+]|[^:/\\s]+):\\d{1,5}");
    private static final String FORWARDS = "forwards";
    private static final String SUBSCRIPTION = "subscription";

    private NngGatewayKeys() {
    }

    private static String rows(String kind) {
        return "bridges.nng." + kind + ".<name>.";
    }

    static void register() {
        for (String kind : KINDS) {
            String r = rows(kind);
            ConfigSchema.key(r + "enable", bool(), "true", null, null,
                    "Whether this NNG gateway runs (NanoMQ's default is false; here a written block is on unless enable = false, as for bridges.mqtt).");
            ConfigSchema.key(r + kind + "_url", BridgeValueTypes.text(), "\"\"", null, null,
                    "Required: \"tcp://host:port\" of the gateway's " + kind + (kind.equals("pair") ? "1 (or pair0)" : "0")
                            + " socket; with mode = listen (NanoMQ's way) NNG peers connect to it, with dial the gateway connects to a peer that listens.");
            ConfigSchema.key(r + "mode", oneOf(Map.of("listen", false, "dial", true)), "listen", null, null,
                    "Ours: listen = accept NNG peers on the URL (NanoMQ); dial = connect to it, reconnecting with back-off.");
            ConfigSchema.key(r + "clientid", BridgeValueTypes.text(), "\"\"", null, null,
                    "The name of the gateway's in-process session (listed by /api/v4/clients); \"\" = $gateway/nng." + kind + ".<name>.");
            ConfigSchema.key(r + "max_message_size", size(1, 256L * 1024 * 1024), "1MB", null, null,
                    "Ours: the largest message taken from an NNG peer; a peer that sends a larger one is disconnected (logged).");
            ConfigSchema.key(r + "queue_size", integer(1, 10_000_000), "10000", null, null,
                    "Ours: NNG messages being published into MQTT at most; beyond, arriving ones are dropped and counted (queue_full).");
            if (kind.equals("pair")) {
                ConfigSchema.key(r + "version", oneOf(Map.of("1", 1, "0", 0)), "1", null, null,
                        "Ours: the PAIR protocol, 1 (pair1, nng's default) or 0 (pair0, nanomsg's).");
            }
            if (!kind.equals("sub")) {
                String f = r + FORWARDS + "[].";
                ConfigSchema.key(f + "local_topic", BridgeValueTypes.text(), "\"\"", null, null,
                        "Required: the MQTT topic filter whose messages go out to NNG.");
                ConfigSchema.key(f + "remote_topic", BridgeValueTypes.text(), "\"\"", null, null,
                        "The NNG message is remote_topic + nng_delimiter + payload; \"\" = local_topic (for a wildcard filter, the message's topic).");
                ConfigSchema.key(f + "nng_delimiter", BridgeValueTypes.text(), "\"/\"", null, null,
                        "Between the topic and the payload in the NNG message.");
                ConfigSchema.key(f + "qos", integer(0, 2), "0", null, null,
                        "QoS of the gateway's MQTT subscription to local_topic.");
            }
            if (!kind.equals("pub")) {
                String s = r + SUBSCRIPTION + "[].";
                ConfigSchema.key(s + "remote_topic", BridgeValueTypes.text(), "\"\"", null, null,
                        "Required: the NNG prefix taken (a SUB socket subscribes it); the message must continue with nng_delimiter.");
                ConfigSchema.key(s + "nng_delimiter", BridgeValueTypes.text(), "\"/\"", null, null,
                        "\"/\": the topic is remote_topic and the payload what follows \"remote_topic/\"; other: the topic runs to the first delimiter after remote_topic, the payload is the rest.");
                ConfigSchema.key(s + "local_topic", BridgeValueTypes.text(), "\"\"", null, null,
                        "The MQTT topic published to; \"\" = the topic taken from the NNG message.");
                ConfigSchema.key(s + "qos", integer(0, 2), "0", null, null, "QoS of the MQTT publish.");
            }
        }
    }

    /** Reads {@code bridges.nng}; problems go to the context's errors. */
    static List<GatewayConfig> read(ConfigValue value, GatewayKeys.Context ctx) {
        List<GatewayConfig> out = new ArrayList<>();
        if (!(value instanceof ConfigObject root)) {
            ctx.errors().add(ConfigError.at(value.origin(), "bridges.nng", "wrong type: found " + BlockValues.typeName(value),
                    "expected blocks bridges.nng.pub.<name> { pub_url = \"tcp://127.0.0.1:9900\", forwards = [ ... ] }"));
            return out;
        }
        root.forEach((k, v) -> {
            if (!KINDS.contains(k)) {
                ctx.errors().add(BlockValues.unknown("bridges.nng", k, v, KINDS));
            }
        });
        for (String kind : KINDS) {
            ConfigValue v = root.get(kind);
            if (v == null) {
                continue;
            }
            if (!(v instanceof ConfigObject named)) {
                ctx.errors().add(ConfigError.at(v.origin(), "bridges.nng." + kind, "wrong type: found " + BlockValues.typeName(v),
                        "expected blocks bridges.nng." + kind + ".<name> { ... }"));
                continue;
            }
            new TreeMap<>(named).forEach((name, block) -> {
                NngGatewayConfig c = gateway(kind, name, block, ctx);
                if (c != null) {
                    out.add(c);
                }
            });
        }
        return out;
    }

    private static NngGatewayConfig gateway(String kind, String name, ConfigValue value, GatewayKeys.Context ctx) {
        String path = "bridges.nng." + kind + "." + name;
        if (!(value instanceof ConfigObject obj)) {
            ctx.errors().add(ConfigError.at(value.origin(), path, "wrong type: found " + BlockValues.typeName(value),
                    "expected a block " + path + " { " + kind + "_url = \"tcp://127.0.0.1:9900\" }"));
            return null;
        }
        BlockValues b = new BlockValues(obj, rows(kind), path, ctx.errors(), ctx.warnings());
        b.checkKeys(Set.of());
        int before = ctx.errors().size();
        Boolean enable = b.get("enable");
        String url = url(b, kind + "_url");
        Boolean dial = b.get("mode");
        String clientId = b.get("clientid");
        Long maxSize = b.get("max_message_size");
        Integer queue = b.get("queue_size");
        Integer version = kind.equals("pair") ? b.get("version") : Integer.valueOf(1);
        List<NngRoute> forwards = kind.equals("sub") ? List.of() : routes(b, FORWARDS, true);
        List<NngRoute> subscription = kind.equals("pub") ? List.of() : routes(b, SUBSCRIPTION, false);
        if (ctx.errors().size() > before) {
            return null;
        }
        String gateway = "nng." + kind + "." + name;
        return new NngGatewayConfig(gateway, enable, Kind.valueOf(kind.toUpperCase()), url, dial,
                clientId.isEmpty() ? "$gateway/" + gateway : clientId, forwards, subscription, version,
                maxSize.intValue(), queue);
    }

    private static String url(BlockValues b, String key) {
        String url = b.get(key);
        if (url == null) {
            return null;
        }
        if (b.written(key) == null) {
            b.error(key, "missing", "write " + key + " = \"tcp://127.0.0.1:9900\"");
            return null;
        }
        if (!URL.matcher(url.trim()).matches()) {
            b.error(key, "not an NNG TCP URL: \"" + url + "\"", "write \"tcp://host:port\"; ipc:// and inproc:// are not supported");
            return null;
        }
        return url.trim();
    }

    /** The entries of {@code forwards} (local_topic required, a filter) or {@code subscription} (remote_topic required). */
    private static List<NngRoute> routes(BlockValues b, String list, boolean forwards) {
        List<NngRoute> out = new ArrayList<>();
        if (!(b.written(list) instanceof ConfigList entries)) {
            return out;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof ConfigObject o)) {
                continue; // reported by checkKeys
            }
            BlockValues e = b.entry(o, list + "[]", list + "[" + i + "]");
            String local = e.get("local_topic");
            String remote = e.get("remote_topic");
            String delimiter = e.get("nng_delimiter");
            Integer qos = e.get("qos");
            String required = forwards ? "local_topic" : "remote_topic";
            if ((forwards ? local : remote) != null && e.written(required) == null) {
                e.error(required, "missing", forwards ? "local_topic = \"sensors/#\": the MQTT messages to send to NNG"
                        : "remote_topic = \"nng/pub\": the NNG prefix to take");
                continue;
            }
            String reason = local == null || local.isEmpty() ? null
                    : forwards ? TopicSyntax.invalidFilterReason(local) : TopicSyntax.invalidNameReason(local);
            if (reason != null) {
                e.error("local_topic", "not a valid MQTT topic " + (forwards ? "filter" : "name") + ": " + reason,
                        forwards ? "a filter such as \"plant/#\"" : "a topic without + or #");
                continue;
            }
            if (delimiter != null && delimiter.isEmpty()) {
                e.error("nng_delimiter", "empty", "NanoMQ's default is \"/\"");
                continue;
            }
            if (local != null && remote != null && delimiter != null && qos != null) {
                out.add(new NngRoute(local, remote, delimiter, qos));
            }
        }
        return out;
    }
}
