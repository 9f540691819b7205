package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.wrenmq.broker.routing.SharedFilter;
import io.wrenmq.broker.routing.TopicFilters;
import io.wrenmq.client.QuicOptions;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeConfigBuilder;
import io.wrenmq.server.bridge.BridgeForward;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.bridge.BridgeSubscription;
import io.wrenmq.server.bridge.TopicRemap;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request bodies of the bridge endpoints, in NanoMQ's shapes, checked the way the configuration file's
 * {@code bridges.mqtt.<name>} block is (same keys, ranges and topic rules) and refused with a 400 naming the field.
 * PUT takes the keys it names and keeps the others as they are; the TLS, CONNECT property and will blocks are the
 * file's only. (When the file reader's BridgeKeys is merged, its value types can replace the checks here.)
 */
final class BridgeBodies {
    /** The keys PUT /bridges/{name} changes; NanoMQ's "parallel" is max_parallel_processes. */
    private static final Set<String> PUT_KEYS = Set.of("name", "enable", "server", "hybrid_bridging", "hybrid_servers",
            "proto_ver", "clientid", "keepalive", "backoff_max", "clean_start", "username", "password", "forwards",
            "subscription", "sub_properties", "parallel", "max_parallel_processes", "max_send_queue_len", "max_inflight",
            "max_recv_queue_len", "resend_interval", "resend_wait", "cancel_timeout");
    private static final String FILE_ONLY = "ssl, conn_properties, will and transparent are changed in the configuration"
            + " file (then POST /api/v4/reload); the API changes " + String.join(", ", new TreeSet<>(PUT_KEYS));

    /** A POST /bridges/sub body: the entries and the MQTT 5 properties of their SUBSCRIBE. */
    record Subscribe(List<BridgeSubscription> entries, int subscriptionId, Map<String, String> userProperties) {
    }

    /** A POST /bridges/unsub body: remote topic filters and the user properties of the UNSUBSCRIBE. */
    record Unsubscribe(List<String> remoteTopics, Map<String, String> userProperties) {
    }

    private BridgeBodies() {
    }

    /** NanoMQ wraps bodies in {@code {"data": {...}}}; the object inside, or the body itself without it. */
    private static BodyFields data(JsonNode body) {
        JsonNode data = body.get("data");
        return data != null && data.isObject() && body.size() == 1 ? new BodyFields("data", data) : new BodyFields("", body);
    }

    /** POST /bridges/switch/{name}: NanoMQ's {@code {"data": {"bridge_switch": false}}}, or {@code {"enable": ...}}. */
    static boolean switchOn(JsonNode body) {
        BodyFields f = data(body);
        f.onlyFields(Set.of("bridge_switch", "enable"), "write {\"data\": {\"bridge_switch\": true | false}}");
        String field = f.has("bridge_switch") ? "bridge_switch" : "enable";
        if (!f.has(field)) {
            throw ApiException.missing(f.name("bridge_switch"));
        }
        return f.bool(field, false);
    }

    /** POST /bridges/sub/{name}: {@code {"data": {"subscription": [...], "sub_properties": {...}}}}. */
    static Subscribe subscribe(JsonNode body, BridgeConfig bridge) {
        BodyFields f = data(body);
        f.onlyFields(Set.of("subscription", "sub_properties"),
                "write {\"data\": {\"subscription\": [{\"remote_topic\": ..., \"local_topic\": ..., \"qos\": 1}]}}");
        List<BridgeSubscription> entries = subscriptions(f, bridge.version() == MqttVersion.V5);
        if (entries.isEmpty()) {
            throw ApiException.missing(f.name("subscription"));
        }
        BodyFields props = f.has("sub_properties") ? new BodyFields(f.name("sub_properties"), f.raw("sub_properties")) : null;
        int id = props == null ? bridge.subscriptionId() : props.integer("identifier", 0, 0, 268_435_455);
        Map<String, String> user = props == null ? bridge.subscriptionUserProperties() : userProperties(props);
        return new Subscribe(entries, id, user);
    }

    /** POST /bridges/unsub/{name}: {@code {"data": {"unsubscription": [{"topic": ...}], "unsub_properties": {...}}}}. */
    static Unsubscribe unsubscribe(JsonNode body, BridgeConfig bridge) {
        BodyFields f = data(body);
        f.onlyFields(Set.of("unsubscription", "unsub_properties"), "write {\"data\": {\"unsubscription\": [{\"topic\": \"cmd/#\"}]}}");
        List<String> topics = new ArrayList<>();
        for (BodyFields e : f.objects("unsubscription")) {
            e.onlyFields(Set.of("topic", "qos"), "an entry is {\"topic\": \"<a remote_topic of the bridge>\"}");
            String topic = e.requiredText("topic");
            if (bridge.subscriptions().stream().noneMatch(s -> s.remoteTopic().equals(topic))) {
                throw ApiException.badRequest(e.name("topic") + ": bridge " + bridge.name() + " has no subscription to "
                        + topic);
            }
            topics.add(topic);
        }
        if (topics.isEmpty()) {
            throw ApiException.missing(f.name("unsubscription"));
        }
        BodyFields props = f.has("unsub_properties") ? new BodyFields(f.name("unsub_properties"), f.raw("unsub_properties")) : null;
        return new Unsubscribe(topics, props == null ? Map.of() : userProperties(props));
    }

    private static Map<String, String> userProperties(BodyFields props) {
        props.onlyFields(Set.of("identifier", "user_properties", "user_property"), "it holds identifier and user_properties");
        return props.userProperties(props.has("user_properties") ? "user_properties" : "user_property");
    }

    /**
     * PUT /bridges/{name}: NanoMQ's {@code {"<name>": {...}}} (or the settings object itself) over the bridge's
     * current settings; the keys not given stay as they are, a list given replaces the whole list.
     */
    static BridgeConfig update(BridgeConfig current, JsonNode body) {
        JsonNode wrapped = body.get(current.name());
        BodyFields f = wrapped != null && wrapped.isObject() && body.size() == 1
                ? new BodyFields(current.name(), wrapped) : new BodyFields("", body);
        f.onlyFields(PUT_KEYS, FILE_ONLY);
        if (f.has("name") && !f.text("name", "").equals(current.name())) {
            throw ApiException.badRequest(f.name("name") + " must be " + current.name() + ", the bridge the path names");
        }
        BridgeConfigBuilder b = BridgeConfigBuilder.from(current);
        b.enable(f.bool("enable", current.enable()));
        servers(f, current, b);
        MqttVersion version = version(f, current.version());
        b.version(version);
        String clientId = f.text("clientid", current.clientId());
        if (clientId.isEmpty()) {
            throw ApiException.badRequest(f.name("clientid") + " must not be empty");
        }
        b.clientId(clientId);
        b.keepAlive(f.duration("keepalive", current.keepAlive(), ChronoUnit.SECONDS, Duration.ZERO, Duration.ofSeconds(65535)));
        b.backoffMax(f.duration("backoff_max", current.backoffMax(), ChronoUnit.SECONDS, Duration.ofSeconds(1), Duration.ofHours(1)));
        b.cleanStart(f.bool("clean_start", current.cleanStart()));
        b.username(orNull(f.text("username", current.username() == null ? "" : current.username())));
        b.password(orNull(f.text("password", current.password() == null ? "" : current.password())));
        if (f.has("forwards")) {
            b.forwards(forwards(f));
        }
        if (f.has("subscription")) {
            b.subscriptions(subscriptions(f, version == MqttVersion.V5));
        }
        if (f.has("sub_properties")) {
            BodyFields p = new BodyFields(f.name("sub_properties"), f.raw("sub_properties"));
            b.subscriptionProperties(p.integer("identifier", 0, 0, 268_435_455), userProperties(p));
        }
        String parallel = f.has("parallel") ? "parallel" : "max_parallel_processes";
        b.maxParallelProcesses(f.integer(parallel, current.maxParallelProcesses(), 1, 1024));
        b.maxSendQueueLen(f.integer("max_send_queue_len", current.maxSendQueueLen(), 1, 65535));
        b.maxInflight(f.integer("max_inflight", current.maxInflight(), 1, 65535));
        b.maxRecvQueueLen(f.integer("max_recv_queue_len", current.maxRecvQueueLen(), 1, 65535));
        b.resendInterval(f.duration("resend_interval", current.resendInterval(), ChronoUnit.MILLIS, Duration.ofMillis(1),
                Duration.ofHours(1)));
        b.resendWait(f.duration("resend_wait", current.resendWait(), ChronoUnit.MILLIS, Duration.ZERO, Duration.ofHours(1)));
        b.cancelTimeout(f.duration("cancel_timeout", current.cancelTimeout(), ChronoUnit.MILLIS, Duration.ofMillis(100),
                Duration.ofMinutes(10)));
        return b.build();
    }

    private static String orNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** proto_ver: NanoMQ's 3 (3.1), 4 (3.1.1) or 5. */
    static MqttVersion version(BodyFields f, MqttVersion current) {
        return switch (f.integer("proto_ver", current.level(), 3, 5)) {
            case 3 -> MqttVersion.V3_1;
            case 4 -> MqttVersion.V3_1_1;
            default -> MqttVersion.V5;
        };
    }

    /** server replaces the first, hybrid_servers the others; hybrid_bridging = false leaves only the first. */
    private static void servers(BodyFields f, BridgeConfig current, BridgeConfigBuilder b) {
        List<BridgeServer> servers = new ArrayList<>(current.servers());
        if (f.has("server")) {
            servers.set(0, server(f.name("server"), f.text("server", "")));
        }
        if (f.has("hybrid_servers")) {
            List<String> urls = f.texts("hybrid_servers");
            servers.subList(1, servers.size()).clear();
            for (int i = 0; i < urls.size(); i++) {
                servers.add(server(f.name("hybrid_servers") + "[" + i + "]", urls.get(i)));
            }
        }
        if (!f.bool("hybrid_bridging", servers.size() > 1)) {
            servers.subList(1, servers.size()).clear();
        }
        b.servers(servers);
    }

    /**
     * NanoMQ's URL: mqtt-tcp://host[:1883], tls+mqtt-tcp://host[:8883] or mqtt-quic://host[:14567] (with the default
     * QUIC settings; the quic_* keys are read from configuration files only); an IPv6 address in brackets.
     */
    static BridgeServer server(String field, String url) {
        boolean quic = url.startsWith("mqtt-quic://");
        boolean tls = quic || url.startsWith("tls+mqtt-tcp://");
        if (!tls && !url.startsWith("mqtt-tcp://")) {
            throw ApiException.badRequest(field + ": not a bridge server URL: \"" + url + "\" (write mqtt-tcp://host:1883,"
                    + " tls+mqtt-tcp://host:8883 or mqtt-quic://host:14567)");
        }
        String rest = url.substring(url.indexOf("://") + 3);
        String host = rest;
        int port = quic ? 14567 : tls ? 8883 : 1883;
        int colon = rest.startsWith("[") ? rest.indexOf(':', rest.indexOf(']')) : rest.lastIndexOf(':');
        if (colon >= 0) {
            host = rest.substring(0, colon);
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.contains("/") || port < 1 || port > 65535) {
            throw ApiException.badRequest(field + ": not host:port with a port 1..65535: \"" + url + "\"");
        }
        return new BridgeServer(url, host, port, tls, quic ? QuicOptions.DEFAULTS : null);
    }

    private static List<BridgeForward> forwards(BodyFields f) {
        List<BridgeForward> out = new ArrayList<>();
        for (BodyFields e : f.objects("forwards")) {
            e.onlyFields(Set.of("local_topic", "remote_topic", "qos", "retain", "prefix", "suffix"),
                    "a forwards entry has local_topic, remote_topic, qos, retain, prefix, suffix");
            String local = filter(e, "local_topic");
            String remote = e.text("remote_topic", "");
            String prefix = e.text("prefix", "");
            String suffix = e.text("suffix", "");
            remap(e, local, "remote_topic", remote, prefix, suffix);
            out.add(new BridgeForward(local, remote, e.integer("qos", BridgeForward.KEEP_QOS, -1, 2),
                    e.integer("retain", BridgeForward.KEEP_RETAIN, 0, 2), prefix, suffix));
        }
        return out;
    }

    /** @param v5 the remote speaks MQTT 5: No Local is on unless an entry says otherwise (the bridge's loop guard) */
    private static List<BridgeSubscription> subscriptions(BodyFields f, boolean v5) {
        List<BridgeSubscription> out = new ArrayList<>();
        for (BodyFields e : f.objects("subscription")) {
            e.onlyFields(Set.of("remote_topic", "local_topic", "qos", "retain", "retain_as_published", "retain_handling",
                    "no_local", "prefix", "suffix"), "a subscription entry has remote_topic, local_topic, qos, retain,"
                    + " retain_as_published, retain_handling, no_local, prefix, suffix");
            String remote = filter(e, "remote_topic");
            String local = e.text("local_topic", "");
            String prefix = e.text("prefix", "");
            String suffix = e.text("suffix", "");
            SharedFilter shared = TopicFilters.parseShared(remote); // matched and remapped as the filter inside
            remap(e, shared != null ? shared.filter() : remote, "local_topic", local, prefix, suffix);
            out.add(new BridgeSubscription(remote, local, e.integer("qos", 1, 0, 2), e.integer("retain", 2, 0, 2),
                    e.bool("retain_as_published", false), e.integer("retain_handling", 0, 0, 2), e.bool("no_local", v5),
                    prefix, suffix));
        }
        return out;
    }

    /** A required topic filter. */
    private static String filter(BodyFields e, String field) {
        String filter = e.requiredText(field);
        String reason = TopicSyntax.invalidFilterReason(filter);
        if (reason != null) {
            throw ApiException.badRequest(e.name(field) + ": not a topic filter: " + reason);
        }
        return filter;
    }

    /**
     * The target topic: "" (the message's own), a topic name, or a pattern the source's wildcards fill (TopicRemap's
     * rules: no more + than the source has, # only when it has one); prefix and suffix without wildcards.
     */
    private static void remap(BodyFields e, String source, String field, String target, String prefix, String suffix) {
        if (!target.isEmpty()) {
            String reason = TopicSyntax.hasWildcard(target) ? TopicSyntax.invalidSyntaxReason(target)
                    : TopicSyntax.invalidNameReason(target);
            if (reason != null) {
                throw ApiException.badRequest(e.name(field) + ": not a topic name or pattern: " + reason);
            }
        }
        if (prefix.indexOf('\u0000') >= 0 || suffix.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest(e.name("prefix") + " and " + e.name("suffix") + " must not contain U+0000");
        }
        try {
            new TopicRemap(source, target, prefix, suffix);
        } catch (IllegalArgumentException x) {
            String which = TopicSyntax.hasWildcard(prefix) ? "prefix" : TopicSyntax.hasWildcard(suffix) ? "suffix" : field;
            throw ApiException.badRequest(e.name(which) + ": " + x.getMessage());
        }
    }
}
