package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** EMQX/NanoMQ paging: {@code _page} (from 1) and {@code _limit}; the answer carries {@code meta {page, limit, count}}. */
record Paging(int page, int limit, int count) {
    static Paging of(ApiRequest req, int count) {
        return new Paging(req.intParam("_page", 1, Integer.MAX_VALUE), req.intParam("_limit", ClientEndpoints.MAX_LIMIT,
                ClientEndpoints.MAX_LIMIT), count);
    }

    <T> List<T> slice(List<T> all) {
        long from = (long) (page - 1) * limit;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + limit));
    }

    /** {@code {"code": 0, "data": rows, "meta": {...}}}. */
    ObjectNode envelope(ArrayNode rows) {
        ObjectNode o = Json.ok(rows);
        o.putObject("meta").put("page", page).put("limit", limit).put("count", count);
        return o;
    }
}
