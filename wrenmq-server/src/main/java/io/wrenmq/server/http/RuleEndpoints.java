package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.wrenmq.server.bridge.BridgeView;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.rule.RuleOperations;
import io.wrenmq.server.rule.RuleRefusedException;
import io.wrenmq.server.rule.RuleSpec;
import io.wrenmq.server.rule.RuleView;
import io.wrenmq.server.rule.sql.RuleEvaluationException;
import io.wrenmq.server.rule.sql.RuleSqlException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /rules/...}: NanoMQ's rule endpoints (list, one, create, change, delete) and EMQX's rule test, over the
 * running rule engine ({@link RuleOperations}). Rules made here run until the broker stops; they are not written to
 * the configuration file, and a reload keeps them.
 *
 * <p>NanoMQ answers a rule as {@code {"code": 0, "data": {...}}} and a list as {@code {"code": 0, "data": [...]}}, and
 * gives new rules the ids "rule:1", "rule:2", ...; so do we when the body names no id. An id that is taken is a 409
 * Conflict, not a 400: the body is valid, it collides with a rule that exists (RFC 9110 section 15.5.10), and a client
 * can tell "change your request" from "that rule is there already, PUT it instead".
 */
final class RuleEndpoints {
    private final BrokerRuntime runtime;
    private final AtomicInteger lastId = new AtomicInteger();

    RuleEndpoints(BrokerRuntime runtime) {
        this.runtime = runtime;
    }

    void register(Router r) {
        r.get("/rules", "Every rule: its SQL, actions (secrets masked), state and counters (rule and per action)", this::list);
        r.post("/rules", "Create a rule: {\"rawsql\": \"SELECT ...\", \"actions\": [{\"name\": \"repub\", \"params\": {...}}], \"id\"?, \"description\"?, \"enabled\"?}", this::create);
        r.post("/rules/test", "Run a statement on a sample message, without actions: {\"rawsql\": ..., \"context\": {\"topic\", \"payload\", ...}}", this::test);
        r.get("/rules/{id}", "One rule, as in /rules", this::one);
        r.put("/rules/{id}", "Change a rule: the fields given (rawsql, actions, description, enabled); its counters start again", this::replace);
        r.delete("/rules/{id}", "Stop and remove a rule", this::delete);
    }

    private RuleOperations rules() {
        return runtime.rules();
    }

    private ApiResponse list(ApiRequest req) {
        ArrayNode data = Json.array();
        rules().list().forEach(v -> data.add(RuleJson.rule(v, v.spec())));
        return ApiResponse.json(Json.ok(data));
    }

    private ApiResponse one(ApiRequest req) {
        RuleView v = find(req);
        return rule(v, v.spec());
    }

    private ApiResponse create(ApiRequest req) {
        running();
        RuleSpec spec = RuleBodies.create(Json.parseObject(req.body()), this::newId, context());
        if (rules().get(spec.id()) != null) {
            throw taken(spec.id());
        }
        RuleView v;
        try {
            v = rules().create(spec);
        } catch (RuleRefusedException e) {
            throw rules().get(spec.id()) != null ? taken(spec.id()) : ApiException.badRequest(e.getMessage());
        }
        return rule(v, spec);
    }

    private ApiResponse replace(ApiRequest req) {
        running();
        RuleView current = find(req);
        RuleSpec next = RuleBodies.update(current, current.spec(), Json.parseObject(req.body()), context());
        RuleView v;
        try {
            v = rules().replace(next);
        } catch (RuleRefusedException e) { // a database or bridge gone meanwhile, a topic the engine cannot subscribe
            throw rules().get(next.id()) == null ? notFound(next.id()) : ApiException.badRequest(e.getMessage());
        }
        return rule(v, next);
    }

    private ApiResponse delete(ApiRequest req) {
        String id = req.pathParam("id");
        if (!rules().delete(id)) {
            throw notFound(id);
        }
        return ApiResponse.json(Json.object().put("code", 0)); // NanoMQ's answer: the code alone
    }

    private ApiResponse test(ApiRequest req) {
        RuleBodies.Test t = RuleBodies.test(Json.parseObject(req.body()));
        List<Map<String, Object>> rows;
        try {
            rows = rules().test(t.sql(), t.sample());
        } catch (RuleSqlException e) {
            throw RuleBodies.sqlError(e);
        } catch (RuleEvaluationException e) {
            throw ApiException.badRequest("the statement failed on this message: " + e.getMessage());
        }
        return ApiResponse.json(Json.ok(Json.MAPPER.valueToTree(rows)));
    }

    private static ApiResponse rule(RuleView v, RuleSpec spec) {
        return ApiResponse.json(Json.ok(RuleJson.rule(v, spec)));
    }

    /** NanoMQ's "rule:&lt;n&gt;", the next number whose id is free. */
    private String newId() {
        String id;
        do {
            id = "rule:" + lastId.incrementAndGet();
        } while (rules().get(id) != null);
        return id;
    }

    private RuleActionParams.Context context() {
        return new RuleActionParams.Context(runtime.config().broker().nodeName(), rules().databases(),
                runtime.bridges().list().stream().map(BridgeView::name).toList());
    }

    private RuleView find(ApiRequest req) {
        String id = req.pathParam("id");
        RuleView v = rules().get(id);
        if (v == null) {
            throw notFound(id);
        }
        return v;
    }

    private ApiException notFound(String id) {
        List<String> ids = rules().list().stream().map(RuleView::id).toList();
        return ApiException.notFound("no rule " + id + (ids.isEmpty() ? " (there are none)"
                : "; rules: " + String.join(", ", ids)));
    }

    private static ApiException taken(String id) {
        return new ApiException(409, ApiException.ALREADY_EXISTS, "id: a rule " + id + " exists already (PUT"
                + " /api/v4/rules/" + id + " changes it)");
    }

    /** Without an engine (the API served on its own) nothing can be made: the server's state, not the request. */
    private void running() {
        if (rules() == RuleOperations.NONE) {
            throw new ApiException(503, ApiException.INTERNAL_ERROR, "the rule engine is not running");
        }
    }
}
