package io.wrenmq.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: a status, a content type and the bytes; headers beyond the usual (cookies,
 * Retry-After, caching); plus what to do once it is sent.
 */
public record ApiResponse(int status, String contentType, byte[] body, Runnable afterSent, Map<String, String> headers) {

    public static ApiResponse json(JsonNode node) {
        return json(200, node);
    }

    public static ApiResponse json(int status, JsonNode node) {
        try {
            return bytes(status, "application/json", Json.MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ApiResponse text(String contentType, String text) {
        return bytes(200, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse bytes(int status, String contentType, byte[] body) {
        return new ApiResponse(status, contentType, body, null, Map.of());
    }

    public static ApiResponse error(ApiException e) {
        ObjectNode body = Json.error(e.code(), e.getMessage());
        e.details().forEach((k, v) -> body.set(k, Json.MAPPER.valueToTree(v)));
        return json(e.status(), body);
    }

    /** The same answer, then {@code action} once the client has it (ctrl/stop, ctrl/restart). */
    public ApiResponse then(Runnable action) {
        return new ApiResponse(status, contentType, body, action, headers);
    }

    /** The same answer with one more header (or another value of it). */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, body, afterSent, Map.copyOf(more));
    }
}
