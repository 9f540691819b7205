package io.wrenmq.server.config;

import com.typesafe.config.ConfigOrigin;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.action.BatchSettings;
import io.wrenmq.server.rule.action.HttpActionConfig;
import io.wrenmq.server.rule.action.InvalidActionConfig;
import io.wrenmq.server.rule.action.TableOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The actions of the rules' blocks: the batch settings of a block, a table rule, {@code rules.http.<name>},
 * a {@code rules.repub} rule and a {@code rules.bridge} rule; the databases are {@link RuleDatabases}'. Each method
 * reads every key (so all of a rule's errors are reported at once) and returns null after an error. What the action
 * classes refuse themselves ({@link InvalidActionConfig}) is reported at the key they name.
 */
final class RuleActions {
    /** The keys of a repub rule that only mean something with a server. */
    private static final List<String> CONNECTION = List.of("proto_ver", "clientid", "keepalive", "clean_start", "username",
            "password");

    private final RuleKeys.Context ctx;

    RuleActions(RuleKeys.Context ctx) {
        this.ctx = ctx;
    }

    /** The block's queue_size, batch_size, retry_interval and max_retry_interval. */
    BatchSettings batch(BlockValues block) {
        int before = ctx.errors().size();
        Integer queueSize = block.get("queue_size");
        Integer written = block.get("batch_size");
        // The default batch is never larger than a smaller queue_size written without it.
        Integer batchSize = written != null && queueSize != null && block.written("batch_size") == null
                ? Math.min(written, queueSize) : written;
        Duration retry = block.get("retry_interval");
        Duration maxRetry = block.get("max_retry_interval");
        if (ctx.errors().size() > before) {
            return null;
        }
        return checked(block, () -> new BatchSettings(queueSize, batchSize, retry, maxRetry,
                BatchSettings.DEFAULTS.closeTimeout()));
    }

    /** A rule of a database block: {@code table}, {@code create_table}, {@code time_column}. */
    ActionSpec table(BlockValues entry, String database, BatchSettings batch) {
        int before = ctx.errors().size();
        String table = entry.get("table");
        if (table != null && entry.written("table") == null) {
            entry.error("table", "missing", "every rule of a database block needs table = <name>, e.g. table = readings");
        }
        Boolean create = entry.get("create_table");
        String timeColumn = entry.get("time_column");
        if (ctx.errors().size() > before || batch == null) {
            return null;
        }
        TableOptions options = checked(entry, () -> new TableOptions(table, create, timeColumn));
        return options == null ? null : new ActionSpec.Table(database, options, batch);
    }

    /** {@code rules.http.<name> { url, method, headers, body, batch, timeout }}: one target for the block's rules. */
    HttpActionConfig http(BlockValues block, String name) {
        int before = ctx.errors().size();
        URI url = block.get("url");
        String method = block.get("method");
        Map<String, String> headers = block.get("headers");
        String body = block.get("body");
        Boolean batch = block.get("batch");
        Duration timeout = block.get("timeout");
        if (ctx.errors().size() > before) {
            return null;
        }
        return checked(block, () -> new HttpActionConfig(name, url, method, headers, orNull(body), batch, timeout));
    }

    /**
     * A rule of {@code rules.repub}: NanoMQ's connection keys (server, proto_ver, clientid, keepalive, clean_start,
     * username, password), our topic template, qos, retain and payload. Without a server the rows are published in
     * this broker; NanoMQ's own example names this broker as "mqtt-tcp://localhost:1883", which is taken as written
     * (the engine tells whether a server is this broker).
     *
     * @param n the rule's place in the list, from 1 (the derived client id's number)
     */
    ActionSpec republish(BlockValues entry, int n, BatchSettings batch) {
        int before = ctx.errors().size();
        String topic = topic(entry, "a repub rule needs topic = \"...\", the topic each row is published to");
        Integer qos = entry.get("qos");
        Boolean retain = entry.get("retain");
        String payload = entry.get("payload");
        ActionSpec.RemoteServer server = server(entry, n);
        if (ctx.errors().size() > before || batch == null) {
            return null;
        }
        return checked(entry, () -> new ActionSpec.Republish(topic, qos, retain, orNull(payload), server, batch));
    }

    /** The connection of a repub rule; null for this broker (no server, or an error: recorded). */
    private ActionSpec.RemoteServer server(BlockValues entry, int n) {
        String url = entry.get("server");
        if (url == null || url.isBlank()) {
            warnUnusedConnectionKeys(entry);
            return null;
        }
        BridgeServer s = entry.get("server", BridgeValueTypes.server(false));
        MqttVersion version = entry.get("proto_ver");
        String clientId = entry.get("clientid");
        if (clientId != null && !clientId.isEmpty()) {
            BridgeReader.checkClientId(entry, "clientid", clientId);
        }
        Duration keepAlive = entry.get("keepalive");
        Boolean cleanStart = entry.get("clean_start");
        String username = entry.get("username");
        String password = entry.get("password");
        if (s == null || version == null || clientId == null || keepAlive == null || cleanStart == null
                || username == null || password == null) {
            return null;
        }
        return new ActionSpec.RemoteServer(s.host(), s.port(), s.tls(), version, clientId.isEmpty()
                ? BridgeReader.derivedClientId(ctx.nodeName(), "repub-" + n) : clientId, keepAlive, cleanStart,
                orNull(username), orNull(password), s.quic() != null);
    }

    /** Connection keys written without a server have no effect: one warning names them. */
    private void warnUnusedConnectionKeys(BlockValues entry) {
        List<String> written = CONNECTION.stream().filter(k -> entry.written(k) != null).toList();
        if (!written.isEmpty()) {
            ConfigOrigin first = written.stream().map(entry::origin)
                    .min(Comparator.comparingInt(ConfigOrigin::lineNumber)).orElseThrow();
            ctx.warnings().add(first, entry.path(), String.join(", ", written) + ": unused without server (the rows are"
                    + " published in this broker); write server = \"mqtt-tcp://host:1883\" to publish to another broker");
        }
    }

    /** A rule of {@code rules.bridge}: rows published on the remote broker of a configured bridge. */
    ActionSpec bridge(BlockValues entry, BatchSettings batch) {
        int before = ctx.errors().size();
        String bridge = entry.get("bridge");
        if (bridge != null && entry.written("bridge") == null) {
            entry.error("bridge", "missing", "a bridge rule needs bridge = <name> of a bridges.mqtt.<name> block");
        } else if (bridge != null && !ctx.bridges().contains(bridge)) {
            entry.error("bridge", "no bridge named \"" + bridge + "\"", ctx.bridges().isEmpty()
                    ? "no bridge is configured: add a bridges.mqtt.<name> { server = \"mqtt-tcp://host:1883\" } block"
                    : "configured bridges: " + String.join(", ", ctx.bridges()));
        }
        String topic = topic(entry, "a bridge rule needs topic = \"...\", the remote topic");
        Integer qos = entry.get("qos");
        Boolean retain = entry.get("retain");
        String payload = entry.get("payload");
        if (ctx.errors().size() > before || batch == null) {
            return null;
        }
        return checked(entry, () -> new ActionSpec.Bridge(bridge, topic, qos, retain, orNull(payload), batch));
    }

    /** A required topic name (a template: ${field} is filled from the row when a row is published). */
    private static String topic(BlockValues entry, String hint) {
        String topic = entry.get("topic");
        if (topic != null && entry.written("topic") == null) {
            entry.error("topic", "missing", hint);
            return null;
        }
        String reason = topic == null ? null : TopicSyntax.invalidNameReason(topic);
        if (reason != null) {
            entry.error("topic", "not a topic name: " + reason, "rows are published to one topic (no + or #); ${field}"
                    + " placeholders are filled from the row");
            return null;
        }
        return topic;
    }

    /**
     * What {@code make} builds, or null after reporting what it refused at the key it names (relative to
     * {@code at}: a block for a database, HTTP or batch setting, a rule for its table).
     */
    static <T> T checked(BlockValues at, Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidActionConfig bad) {
            at.error(bad.subKey(), bad.reason(), bad.hint());
            return null;
        }
    }

    static String orNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
