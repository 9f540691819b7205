package io.wrenmq.server.http;

import java.util.List;
import java.util.Map;

/**
 * One API call as the endpoints see it: method, path below {@code /api/v4}, query parameters, the path's
 * {@code {name}} parts and the (already size-checked) body.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> pathParams,
        byte[] body) {

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, params, body);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A positive integer query parameter (paging); a bad one is a 400. */
    public int intParam(String name, int dflt, int max) {
        String v = queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be an integer 1.." + max + ": " + v);
    }
}
