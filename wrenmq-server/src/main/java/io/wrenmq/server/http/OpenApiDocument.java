package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.broker.WrenBroker;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3 document of the API, generated from the router's routes (so every route is in it and nothing
 * else): paths, methods, path and query parameters, the request body where there is one, and the JSON error shape.
 */
final class OpenApiDocument {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

    private OpenApiDocument() {
    }

    /** @param dashboard the dashboard's endpoints when it is on (they are served beside the router), else empty */
    static void register(Router r, List<DashboardEndpoints.Endpoint> dashboard) {
        r.get("/openapi.json", "This OpenAPI 3 document", req -> ApiResponse.json(build(r, dashboard)));
    }

    static ObjectNode build(Router router, List<DashboardEndpoints.Endpoint> dashboard) {
        ObjectNode doc = Json.object().put("openapi", "3.0.3");
        doc.putObject("info").put("title", "WrenMQ REST API").put("version", WrenBroker.version())
                .put("description", "NanoMQ-compatible /api/v4 management API. Every answer is JSON {code, data} or, on error, {code, message}.");
        doc.putArray("servers").addObject().put("url", HttpApiServer.PREFIX);
        ObjectNode schemes = doc.putObject("components").putObject("securitySchemes");
        schemes.putObject("basic").put("type", "http").put("scheme", "basic");
        schemes.putObject("jwt").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        if (!dashboard.isEmpty()) {
            schemes.putObject("dashboardSession").put("type", "apiKey").put("in", "cookie").put("name", ApiAuth.SESSION_COOKIE)
                    .put("description", "The dashboard's session (POST /dashboard/login); a request that changes"
                            + " something also needs the X-CSRF-Token header");
        }
        ArrayNode security = doc.putArray("security");
        security.addObject().putArray("basic");
        security.addObject().putArray("jwt");
        ObjectNode paths = doc.putObject("paths");
        for (DashboardEndpoints.Endpoint e : dashboard) {
            ObjectNode op = operation(paths, e.method(), e.pattern(), e.summary());
            ArrayNode opSecurity = op.putArray("security"); // login: none; the others: the cookie too
            if (!e.name().equals("login")) {
                opSecurity.addObject().putArray("dashboardSession");
                opSecurity.addObject().putArray("basic");
                opSecurity.addObject().putArray("jwt");
            }
            if (e.hasBody()) {
                op.putObject("requestBody").put("required", true)
                        .putObject("content").putObject("application/json").putObject("schema").put("type", "object");
            }
            responses(op, "400", "401", "404", "405", "429");
        }
        for (Router.Route route : router.routes()) {
            ObjectNode op = operation(paths, route.method(), route.pattern(), route.summary());
            ArrayNode params = op.putArray("parameters");
            Matcher m = PARAM.matcher(route.pattern());
            while (m.find()) {
                params.addObject().put("name", m.group(1)).put("in", "path").put("required", true)
                        .putObject("schema").put("type", "string");
            }
            for (String q : route.queryParams()) {
                params.addObject().put("name", q).put("in", "query").put("required", false)
                        .putObject("schema").put("type", q.startsWith("_") ? "integer" : "string");
            }
            if (route.hasBody()) {
                op.putObject("requestBody").put("required", !route.pattern().startsWith("/ctrl") && !route.pattern().equals("/reload"))
                        .putObject("content").putObject("application/json").putObject("schema").put("type", "object");
            }
            responses(op, "400", "401", "404", "405", "413");
        }
        return doc;
    }

    private static ObjectNode operation(ObjectNode paths, String method, String pattern, String summary) {
        ObjectNode path = paths.has(pattern) ? (ObjectNode) paths.get(pattern) : paths.putObject(pattern);
        return path.putObject(method.toLowerCase(Locale.ROOT)).put("summary", summary);
    }

    private static void responses(ObjectNode op, String... errors) {
        ObjectNode responses = op.putObject("responses");
        responses.putObject("200").put("description", "OK");
        for (String code : errors) {
            responses.putObject(code).put("description", "error: {\"code\": n, \"message\": \"...\"}");
        }
    }
}
