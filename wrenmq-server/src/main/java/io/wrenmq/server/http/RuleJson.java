package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.RuleSpec;
import io.wrenmq.server.rule.RuleView;
import io.wrenmq.server.rule.action.ActionStats;
import io.wrenmq.server.rule.action.BatchSettings;
import io.wrenmq.server.rule.action.HttpActionConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule as JSON: NanoMQ's body {@code {"id", "rawsql", "actions": [{"name", "params"}], "description", "enabled"}}
 * (the shape POST and PUT take, so an answer can be changed and sent back), plus WrenMQ's {@code origin} (file or
 * api), {@code topics} (the FROM filters), the rule's {@code metrics} and each action's {@code id} and
 * {@code metrics}. Secrets are masked as the bridges' are: a repub password, the password in an http URL, and the
 * values of http headers that carry credentials.
 */
final class RuleJson {
    /** Header names whose values are credentials (Authorization, X-Api-Key, Cookie, ...). */
    private static final Pattern SECRET_HEADER = Pattern.compile(".*(auth|token|secret|key|password|cookie).*",
            Pattern.CASE_INSENSITIVE);

    private RuleJson() {
    }

    /** @param spec the rule's settings (the view's own, or what a PUT is about to apply) */
    static ObjectNode rule(RuleView v, RuleSpec spec) {
        ObjectNode n = Json.object().put("id", v.id()).put("rawsql", v.sql());
        ArrayNode actions = n.putArray("actions");
        for (int i = 0; i < v.actions().size(); i++) {
            RuleView.ActionView a = v.actions().get(i);
            ObjectNode o = actions.addObject().put("name", a.kind());
            ObjectNode params = o.putObject("params");
            if (spec != null) {
                params(params, spec.actions().get(i));
            }
            o.put("id", a.name());
            metrics(o.putObject("metrics"), a.stats());
        }
        n.put("description", v.description()).put("enabled", v.enabled()).put("origin", v.origin());
        ArrayNode topics = n.putArray("topics");
        v.topics().forEach(topics::add);
        RuleView.Counters c = v.counters();
        ObjectNode m = n.putObject("metrics").put("matched", c.matched()).put("passed", c.passed())
                .put("no_result", c.noResult()).put("failed", c.failed());
        textOrNull(m, "last_error", c.lastError());
        return n;
    }

    private static void params(ObjectNode p, ActionSpec a) {
        if (a instanceof ActionSpec.Table t) {
            int dot = t.database().indexOf('.');
            if (dot >= 0) {
                p.put("database", t.database().substring(dot + 1));
            }
            p.put("table", t.table().table()).put("create_table", t.table().createTable())
                    .put("time_column", t.table().timeColumn());
            batch(p, t.batch());
        } else if (a instanceof ActionSpec.Http h) {
            http(p, h.http());
            batch(p, h.batch());
        } else if (a instanceof ActionSpec.Republish r) {
            message(p, r.topic(), r.qos(), r.retain(), r.payload());
            server(p, r.server());
            batch(p, r.batch());
        } else {
            ActionSpec.Bridge b = (ActionSpec.Bridge) a;
            p.put("bridge", b.bridge());
            message(p, b.topic(), b.qos(), b.retain(), b.payload());
            batch(p, b.batch());
        }
    }

    private static void message(ObjectNode p, String topic, int qos, boolean retain, String payload) {
        p.put("topic", topic).put("qos", qos).put("retain", retain).put("payload", payload == null ? "" : payload);
    }

    /** NanoMQ's repub connection; "" for this broker (published here, without one). */
    private static void server(ObjectNode p, ActionSpec.RemoteServer s) {
        if (s == null) {
            p.put("server", "");
            return;
        }
        String host = s.host().indexOf(':') >= 0 ? "[" + s.host() + "]" : s.host();
        p.put("server", (s.tls() ? "tls+mqtt-tcp://" : "mqtt-tcp://") + host + ":" + s.port())
                .put("proto_ver", s.version().level()).put("clientid", s.clientId())
                .put("keepalive", s.keepAlive().toSeconds()).put("clean_start", s.cleanStart())
                .put("username", s.username() == null ? "" : s.username())
                .put("password", s.password() == null ? "" : BridgeJson.MASK);
    }

    private static void http(ObjectNode p, HttpActionConfig h) {
        p.put("url", maskedUrl(h.url())).put("method", h.method());
        ObjectNode headers = p.putObject("headers");
        h.headers().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> headers.put(e.getKey(),
                SECRET_HEADER.matcher(e.getKey()).matches() ? BridgeJson.MASK : e.getValue()));
        p.put("body", h.body() == null ? "" : h.body()).put("batch", h.batch()).put("timeout", h.timeout().toMillis());
    }

    /** The URL with the password of its user info masked. */
    static String maskedUrl(URI url) {
        String user = url.getRawUserInfo();
        if (user == null || user.indexOf(':') < 0) {
            return url.toString();
        }
        try {
            return new URI(url.getScheme(), user.substring(0, user.indexOf(':')) + ":" + BridgeJson.MASK, url.getHost(),
                    url.getPort(), url.getPath(), url.getQuery(), url.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url.getScheme() + "://" + BridgeJson.MASK + "@" + url.getHost();
        }
    }

    /** The queue and retry settings, in the units the body takes (milliseconds). */
    private static void batch(ObjectNode p, BatchSettings b) {
        p.put("queue_size", b.queueSize()).put("batch_size", b.batchSize())
                .put("retry_interval", b.retryInterval().toMillis())
                .put("max_retry_interval", b.maxRetryInterval().toMillis());
    }

    private static void metrics(ObjectNode o, ActionStats s) {
        o.put("success", s.success()).put("failure", s.failure()).put("dropped", s.dropped())
                .put("retried_batches", s.retriedBatches()).put("batches", s.batches())
                .put("queue_depth", s.queueDepth()).put("ignored_fields", s.ignoredFields());
        textOrNull(o, "last_error", s.lastError());
        textOrNull(o, "last_error_at", s.lastErrorAt() == 0 ? null : Instant.ofEpochMilli(s.lastErrorAt()).toString());
    }

    private static void textOrNull(ObjectNode o, String field, String text) {
        if (text == null) {
            o.putNull(field);
        } else {
            o.put(field, text);
        }
    }
}
