package io.wrenmq.server.rule.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Row values as JSON text (the rule engine's values are already a JSON model). */
final class JsonText {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {
    }

    /** Any row value (or a whole row) as JSON. */
    static String of(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only Boolean, Long, Double, String, List and Map reach here: Jackson always writes them.
            throw new IllegalArgumentException("not a JSON value: " + value, e);
        }
    }

    /**
     * For a JSON column: a String that is JSON text already (a payload like {@code {"t":21}}) is kept as it is, any
     * other String becomes a JSON string; other values are written as JSON.
     */
    static String forJsonColumn(Object value) {
        if (value instanceof String s && isJson(s)) {
            return s;
        }
        return of(value);
    }

    private static boolean isJson(String s) {
        try {
            JsonNode node = JSON.readTree(s);
            return node != null && !node.isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
