package io.wrenmq.server.http;

import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.action.BatchSettings;
import io.wrenmq.server.rule.action.HttpActionConfig;
import io.wrenmq.server.rule.action.InvalidActionConfig;
import io.wrenmq.server.rule.action.TableOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code params} of one action of a rule body, by the action's {@code name}, as an {@link ActionSpec}. The values
 * are checked as the configuration file's {@code rules} blocks check them (the same ranges, and the action records'
 * own constructors, whose {@link InvalidActionConfig} names the setting); every refusal is a 400 naming the field,
 * e.g. {@code actions[0].params.qos must be an integer 0..2: 3}.
 *
 * <p>A table action names a configured database block ({@code rules.postgresql.<name>}, ...) by its name: its
 * connection is the block's, shared with the file's rules (NanoMQ's REST body carries host, username and password
 * instead; here they are refused with a hint). Without {@code database} the kind's only block is taken.
 */
final class RuleActionParams {
    /** The action names of NanoMQ's REST body, and ours (http, bridge). */
    static final List<String> NAMES = List.of("repub", "sqlite", "mysql", "postgresql", "timescaledb", "http", "bridge");
    private static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(60);
    private static final Set<String> BATCH = Set.of("queue_size", "batch_size", "retry_interval", "max_retry_interval");
    private static final Set<String> TABLE = with("database", "table", "create_table", "time_column");
    private static final Set<String> REPUB = with("topic", "qos", "retain", "payload", "server", "address", "proto_ver",
            "clientid", "keepalive", "clean_start", "username", "password");
    private static final List<String> CONNECTION = List.of("proto_ver", "clientid", "keepalive", "clean_start", "username",
            "password");
    private static final Set<String> HTTP = with("url", "method", "headers", "body", "batch", "timeout");
    private static final Set<String> BRIDGE = with("bridge", "topic", "qos", "retain", "payload");
    private static final int MAX_QUEUE = 10_000_000;

    /**
     * What the params are checked against.
     *
     * @param databases the configured database blocks' keys ("sqlite", "postgresql.main", ...)
     * @param bridges   the configured bridges' names
     */
    record Context(String nodeName, List<String> databases, List<String> bridges) {
    }

    private RuleActionParams() {
    }

    /**
     * @param current the rule's action at this place before a PUT, or null: a repub password given as the mask GET
     *                shows ({@value BridgeJson#MASK}) keeps its password
     */
    static ActionSpec read(String name, BodyFields p, String ruleId, int index, Context ctx, ActionSpec current) {
        return switch (name) {
            case "repub" -> republish(p, ruleId, index, ctx, current);
            case "http" -> http(p, ruleId, index);
            case "bridge" -> bridge(p, ctx);
            default -> table(name, p, ctx);
        };
    }

    private static ActionSpec table(String kind, BodyFields p, Context ctx) {
        p.onlyFields(TABLE, "a " + kind + " action has table, database" + (kind.equals("sqlite") ? " (none: the one"
                + " rules.sqlite file)" : "") + ", create_table, time_column and " + String.join(", ", BATCH.stream().sorted()
                .toList()) + "; the connection is the database block's (rules." + kind + ".<name> { conn { ... } })");
        String key = database(kind, p, ctx);
        String table = p.requiredText("table");
        boolean create = p.bool("create_table", true);
        String timeColumn = p.text("time_column", TableOptions.DEFAULT_TIME_COLUMN);
        TableOptions options = checked(p, () -> new TableOptions(table, create, timeColumn));
        return new ActionSpec.Table(key, options, batch(p));
    }

    /** The key of {@code RulesConfig.databases()}: "sqlite", or "&lt;kind&gt;.&lt;database&gt;". */
    private static String database(String kind, BodyFields p, Context ctx) {
        List<String> ofKind = ctx.databases().stream().filter(k -> k.equals(kind) || k.startsWith(kind + ".")).toList();
        String configured = "configured: " + (ctx.databases().isEmpty() ? "none" : String.join(", ", ctx.databases()));
        if (kind.equals("sqlite")) {
            if (p.has("database")) {
                throw ApiException.badRequest(p.name("database") + ": a sqlite action writes to the file of rules.sqlite"
                        + " and names no database");
            }
            if (ofKind.isEmpty()) {
                throw ApiException.badRequest(p.path() + ": no rules.sqlite block is configured (" + configured + ")");
            }
            return kind;
        }
        String name = p.text("database", null);
        if (name == null) {
            if (ofKind.size() != 1) {
                throw ApiException.badRequest(p.name("database") + ": name one of the rules." + kind + ".<name> blocks ("
                        + configured + ")");
            }
            return ofKind.get(0);
        }
        if (!ctx.databases().contains(kind + "." + name)) {
            throw ApiException.badRequest(p.name("database") + ": no database block rules." + kind + "." + name
                    + " is configured (" + configured + ")");
        }
        return kind + "." + name;
    }

    /** The block keys of the configuration file's rules blocks, per action: queue, batch and retry. */
    private static BatchSettings batch(BodyFields p) {
        BatchSettings d = BatchSettings.DEFAULTS;
        int queue = p.integer("queue_size", d.queueSize(), 1, MAX_QUEUE);
        int rows = p.integer("batch_size", Math.min(d.batchSize(), queue), 1, MAX_QUEUE);
        Duration retry = p.duration("retry_interval", d.retryInterval(), ChronoUnit.MILLIS, Duration.ZERO,
                Duration.ofHours(1));
        Duration maxRetry = p.duration("max_retry_interval", d.maxRetryInterval(), ChronoUnit.MILLIS, Duration.ZERO,
                Duration.ofHours(1));
        return checked(p, () -> new BatchSettings(queue, rows, retry, maxRetry, d.closeTimeout()));
    }

    /**
     * NanoMQ's repub: {@code server} (NanoMQ's REST body calls it {@code address}) and its connection keys; our
     * topic template, qos, retain and payload. Without a server the rows are published in this broker, and the
     * connection keys mean nothing (refused, where the file only warns: a body is answered at once).
     */
    private static ActionSpec republish(BodyFields p, String ruleId, int index, Context ctx, ActionSpec current) {
        p.onlyFields(REPUB, "a repub action has topic, qos, retain, payload, server (\"\": this broker) with "
                + String.join(", ", CONNECTION) + ", and " + String.join(", ", BATCH.stream().sorted().toList()));
        String topic = topic(p);
        int qos = p.integer("qos", 0, 0, 2);
        boolean retain = p.bool("retain", false);
        String payload = payload(p);
        String field = p.has("address") && !p.has("server") ? "address" : "server";
        String url = p.text(field, "");
        ActionSpec.RemoteServer server = null;
        if (url.isEmpty()) {
            for (String k : CONNECTION) {
                if (p.has(k)) {
                    throw ApiException.badRequest(p.name(k) + ": only used with server (without one the rows are"
                            + " published in this broker); give server = \"mqtt-tcp://host:1883\" or leave " + k + " out");
                }
            }
        } else {
            BridgeServer s = BridgeBodies.server(p.name(field), url);
            MqttVersion version = BridgeBodies.version(p, MqttVersion.V3_1_1);
            String clientId = p.text("clientid", "");
            Duration keepAlive = p.duration("keepalive", DEFAULT_KEEPALIVE, ChronoUnit.SECONDS, Duration.ZERO, Duration.ofSeconds(65535));
            boolean cleanStart = p.bool("clean_start", true);
            String password = p.text("password", "");
            if (password.equals(BridgeJson.MASK)) {
                password = currentPassword(p, current);
            }
            server = new ActionSpec.RemoteServer(s.host(), s.port(), s.tls(), version,
                    clientId.isEmpty() ? derivedClientId(ctx.nodeName(), ruleId, index) : clientId, keepAlive,
                    cleanStart, orNull(p.text("username", "")), orNull(password), s.quic() != null);
        }
        return new ActionSpec.Republish(topic, qos, retain, payload, server, batch(p));
    }

    /** The password a PUT echoed back masked: the one the action has, if it has one. */
    private static String currentPassword(BodyFields p, ActionSpec current) {
        if (current instanceof ActionSpec.Republish r && r.server() != null && r.server().password() != null) {
            return r.server().password();
        }
        throw ApiException.badRequest(p.name("password") + ": \"" + BridgeJson.MASK + "\" is the mask GET shows; give"
                + " the password itself (or \"\" for none)");
    }

    /** Like the file's repub clients (&lt;node&gt;-repub-&lt;n&gt;), with the rule's id: unique per rule and action. */
    static String derivedClientId(String nodeName, String ruleId, int index) {
        return (nodeName + "-repub-" + ruleId).replaceAll("[^A-Za-z0-9_-]", "_") + (index == 0 ? "" : "-" + (index + 1));
    }

    /** Our http action: rows POSTed (PUT, PATCH) to a URL, one per request or a batch as a JSON array. */
    private static ActionSpec http(BodyFields p, String ruleId, int index) {
        p.onlyFields(HTTP, "an http action has url, method, headers, body, batch, timeout and "
                + String.join(", ", BATCH.stream().sorted().toList()));
        String text = p.requiredText("url");
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest(p.name("url") + ": not a URL: " + e.getMessage());
        }
        String method = p.text("method", "POST");
        Map<String, String> headers = p.userProperties("headers");
        String body = orNull(p.text("body", ""));
        boolean batched = p.bool("batch", false);
        Duration timeout = p.duration("timeout", HttpActionConfig.DEFAULT_TIMEOUT, ChronoUnit.MILLIS,
                Duration.ofMillis(1), Duration.ofMinutes(10));
        String name = ruleId + (index == 0 ? "" : "-" + (index + 1));
        HttpActionConfig config = checked(p, () -> new HttpActionConfig(name, url, method, headers, body, batched,
                timeout));
        return new ActionSpec.Http(config, batch(p));
    }

    /** Our bridge action: rows published on a configured bridge's remote broker, over the bridge's link. */
    private static ActionSpec bridge(BodyFields p, Context ctx) {
        p.onlyFields(BRIDGE, "a bridge action has bridge, topic, qos, retain, payload and "
                + String.join(", ", BATCH.stream().sorted().toList()));
        String bridge = p.requiredText("bridge");
        if (!ctx.bridges().contains(bridge)) {
            throw ApiException.badRequest(p.name("bridge") + ": no bridge named " + bridge + (ctx.bridges().isEmpty()
                    ? " (none is configured: add a bridges.mqtt.<name> block)"
                    : "; bridges: " + String.join(", ", ctx.bridges())));
        }
        String topic = topic(p);
        int qos = p.integer("qos", 0, 0, 2);
        boolean retain = p.bool("retain", false);
        return new ActionSpec.Bridge(bridge, topic, qos, retain, payload(p), batch(p));
    }

    /** A required topic name, a template whose ${field} placeholders are filled from the row (no + or #). */
    private static String topic(BodyFields p) {
        String topic = p.requiredText("topic");
        String reason = TopicSyntax.invalidNameReason(topic);
        if (reason != null) {
            throw ApiException.badRequest(p.name("topic") + ": not a topic name: " + reason + " (rows are published to"
                    + " one topic; ${field} placeholders are filled from the row)");
        }
        return template(p, "topic", topic);
    }

    /** A message action's payload template; null: the row as JSON. */
    private static String payload(BodyFields p) {
        return orNull(template(p, "payload", p.text("payload", "")));
    }

    /**
     * A template's placeholders must be closed and name something; checked here so the refusal names this field (the
     * engine's template parser would name its own "body").
     */
    private static String template(BodyFields p, String field, String text) {
        int at = 0;
        for (int open = text.indexOf("${"); open >= 0; open = text.indexOf("${", at)) {
            int close = text.indexOf('}', open + 2);
            if (close < 0 || text.substring(open + 2, close).isBlank()) {
                throw ApiException.badRequest(p.name(field) + ": " + (close < 0 ? "the placeholder at character "
                        + (open + 1) + " has no closing '}'" : "empty placeholder ${} at character " + (open + 1))
                        + " (e.g. ${clientid}, ${payload.temp})");
            }
            at = close + 1;
        }
        return text;
    }

    /** What {@code make} builds; what an action record refuses is a 400 at the field it names. */
    private static <T> T checked(BodyFields p, Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidActionConfig bad) {
            String reason = bad.getMessage().substring(bad.subKey().length() + 2);
            throw ApiException.badRequest(p.name(bad.subKey()) + ": " + reason + " (" + bad.hint() + ")");
        }
    }

    private static Set<String> with(String... keys) {
        Set<String> all = new HashSet<>(BATCH);
        all.addAll(List.of(keys));
        return Set.copyOf(all);
    }

    private static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
