package io.wrenmq.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The API's routes: method plus a path pattern below {@code /api/v4} whose {@code {name}} segments are captured.
 * An unknown path is a 404, a known path with another method a 405 naming the allowed ones. The route list is
 * also what the OpenAPI document is generated from (one source, so they cannot drift apart).
 */
public final class Router {
    /** An endpoint body. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    /** One route; {@code summary} and {@code params} go into the OpenAPI document. */
    public record Route(String method, String pattern, String summary, List<String> queryParams, boolean hasBody,
            Handler handler) {
        String[] segments() {
            return pattern.equals("/") ? new String[0] : pattern.substring(1).split("/");
        }
    }

    private final List<Route> routes = new ArrayList<>();

    public Router get(String pattern, String summary, Handler h, String... queryParams) {
        return add("GET", pattern, summary, List.of(queryParams), false, h);
    }

    public Router post(String pattern, String summary, Handler h) {
        return add("POST", pattern, summary, List.of(), true, h);
    }

    public Router put(String pattern, String summary, Handler h) {
        return add("PUT", pattern, summary, List.of(), true, h);
    }

    public Router delete(String pattern, String summary, Handler h) {
        return add("DELETE", pattern, summary, List.of(), false, h);
    }

    private Router add(String method, String pattern, String summary, List<String> params, boolean body, Handler h) {
        routes.add(new Route(method, pattern, summary, params, body, h));
        return this;
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    /** Finds the route of a request (path below /api/v4, still URL-encoded) and runs it. */
    public ApiResponse dispatch(ApiRequest request) throws Exception {
        String[] parts = split(request.path());
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), parts);
            if (params == null) {
                continue;
            }
            if (r.method().equals(request.method())) {
                return r.handler().handle(request.withPathParams(params));
            }
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(405, ApiException.METHOD_NOT_ALLOWED, request.method() + " is not allowed on "
                    + request.path() + "; use " + String.join(" or ", allowed));
        }
        throw ApiException.notFound("no such endpoint: " + request.path() + " (GET /api/v4 lists them)");
    }

    private static String[] split(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.isEmpty() || p.equals("/") ? new String[0] : p.substring(1).split("/", -1);
    }

    private static Map<String, String> match(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String decoded = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (pattern[i].startsWith("{")) {
                if (decoded.isEmpty()) {
                    return null;
                }
                params.put(pattern[i].substring(1, pattern[i].length() - 1), decoded);
            } else if (!pattern[i].equals(decoded)) {
                return null;
            }
        }
        return params;
    }
}
