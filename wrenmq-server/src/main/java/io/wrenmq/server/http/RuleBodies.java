package io.wrenmq.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.RuleSpec;
import io.wrenmq.server.rule.RuleView;
import io.wrenmq.server.rule.sql.RuleMessage;
import io.wrenmq.server.rule.sql.RuleSql;
import io.wrenmq.server.rule.sql.RuleSqlException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The request bodies of the rule endpoints, in NanoMQ's shape {@code {"rawsql": "...", "actions": [{"name": "repub",
 * "params": {...}}], "description": "...", "enabled": true, "id": "..."}}, checked before the engine sees them: the
 * statement parses (a 400 with its line and column otherwise), every action's params are valid
 * ({@link RuleActionParams}). A body may carry what GET shows besides (origin, topics, metrics, an action's id): those
 * are read-only and ignored, so a GET answer can be changed and PUT back.
 */
final class RuleBodies {
    /** A rule id: it names the rule in REST paths and metric labels. NanoMQ's ids are "rule:&lt;n&gt;". */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final Set<String> FIELDS = Set.of("id", "rawsql", "description", "enabled", "actions", "origin",
            "topics", "metrics");
    private static final Set<String> ACTION_FIELDS = Set.of("name", "params", "id", "metrics");
    private static final Set<String> CONTEXT_FIELDS = Set.of("topic", "payload", "clientid", "username", "peerhost",
            "qos", "retain", "user_properties", "timestamp");

    /** A POST /rules/test body: the statement and the sample message. */
    record Test(String sql, RuleMessage sample) {
    }

    private RuleBodies() {
    }

    /** POST /rules: a new rule; without an id it gets {@code newId}'s. */
    static RuleSpec create(JsonNode body, Supplier<String> newId, RuleActionParams.Context ctx) {
        BodyFields f = fields(body);
        String id = f.has("id") ? id(f) : newId.get();
        String sql = sql(f.requiredText("rawsql"));
        return new RuleSpec(id, sql, f.text("description", ""), f.bool("enabled", true), actions(f, id, ctx, null));
    }

    /**
     * PUT /rules/{id}: NanoMQ changes what the body names (rawsql, enabled, actions) and keeps the rest; so do we, and
     * description too. Actions given replace the rule's whole list.
     *
     * @param current the rule's settings now; null when they cannot be read back (the body must then give actions)
     */
    static RuleSpec update(RuleView view, RuleSpec current, JsonNode body, RuleActionParams.Context ctx) {
        BodyFields f = fields(body);
        if (f.has("id") && !f.text("id", "").equals(view.id())) {
            throw ApiException.badRequest(f.name("id") + " must be " + view.id() + ", the rule the path names");
        }
        String sql = f.has("rawsql") ? sql(f.text("rawsql", "")) : view.sql();
        List<ActionSpec> actions;
        if (f.has("actions")) {
            actions = actions(f, view.id(), ctx, current);
        } else if (current != null) {
            actions = current.actions();
        } else {
            throw ApiException.missing(f.name("actions") + " (this rule's actions cannot be read back: give them all)");
        }
        return new RuleSpec(view.id(), sql, f.text("description", view.description()),
                f.bool("enabled", view.enabled()), actions);
    }

    /** POST /rules/test: {@code {"rawsql": "...", "context": {"topic": ..., "payload": ..., ...}}}. */
    static Test test(JsonNode body) {
        BodyFields f = new BodyFields("", body);
        f.onlyFields(Set.of("rawsql", "context"), "write {\"rawsql\": \"SELECT ...\", \"context\": {\"topic\": \"t/1\","
                + " \"payload\": \"...\"}}");
        String sql = sql(f.requiredText("rawsql"));
        if (!f.has("context")) {
            throw ApiException.missing(f.name("context"));
        }
        BodyFields c = new BodyFields(f.name("context"), f.raw("context"));
        c.onlyFields(CONTEXT_FIELDS, "the sample message has " + String.join(", ", CONTEXT_FIELDS.stream().sorted()
                .toList()));
        RuleMessage sample = new RuleMessage("1", c.requiredText("topic"), payload(c), c.integer("qos", 0, 0, 2),
                c.bool("retain", false), c.text("clientid", null), c.text("username", null), c.text("peerhost", null),
                c.longInteger("timestamp", System.currentTimeMillis(), 0, Long.MAX_VALUE),
                c.userProperties("user_properties"), null);
        return new Test(sql, sample);
    }

    /** The payload as text, or a JSON value given as it is (sent as its JSON text). */
    private static byte[] payload(BodyFields c) {
        JsonNode v = c.raw("payload");
        if (v == null || v.isNull()) {
            return new byte[0];
        }
        if (v.isTextual()) {
            return v.asText().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(v);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(c.name("payload") + ": " + e.getOriginalMessage());
        }
    }

    private static BodyFields fields(JsonNode body) {
        BodyFields f = new BodyFields("", body);
        f.onlyFields(FIELDS, "a rule has rawsql, actions [{name, params}], description, enabled and id");
        return f;
    }

    private static String id(BodyFields f) {
        String id = f.text("id", "");
        if (!ID.matcher(id).matches()) {
            throw ApiException.badRequest(f.name("id") + ": not a rule id: \"" + id + "\" (letters, digits, '_', '.',"
                    + " ':' and '-', at most 128, e.g. \"temperature-log\"; none: rule:<n>)");
        }
        return id;
    }

    /** The statement, if it parses; else a 400 with its line and column (also as fields of the error body). */
    static String sql(String sql) {
        if (sql.isBlank()) {
            throw ApiException.missing("rawsql");
        }
        try {
            RuleSql.parse(sql);
            return sql;
        } catch (RuleSqlException e) {
            throw sqlError(e);
        }
    }

    static ApiException sqlError(RuleSqlException e) {
        return ApiException.badRequest("rawsql: " + e.getMessage()).with("line", e.line()).with("column", e.column());
    }

    private static List<ActionSpec> actions(BodyFields f, String ruleId, RuleActionParams.Context ctx,
            RuleSpec current) {
        List<ActionSpec> out = new ArrayList<>();
        List<BodyFields> entries = f.objects("actions");
        for (int i = 0; i < entries.size(); i++) {
            BodyFields a = entries.get(i);
            a.onlyFields(ACTION_FIELDS, "an action is {\"name\": \"" + String.join("\" | \"", RuleActionParams.NAMES)
                    + "\", \"params\": {...}}");
            String name = a.requiredText("name");
            if (!RuleActionParams.NAMES.contains(name)) {
                throw ApiException.badRequest(a.name("name") + ": no action " + name + " (actions: "
                        + String.join(", ", RuleActionParams.NAMES) + ")");
            }
            if (!a.has("params")) {
                throw ApiException.missing(a.name("params"));
            }
            ActionSpec before = current != null && i < current.actions().size() ? current.actions().get(i) : null;
            out.add(RuleActionParams.read(name, new BodyFields(a.name("params"), a.raw("params")), ruleId, i, ctx,
                    before));
        }
        return out;
    }
}
