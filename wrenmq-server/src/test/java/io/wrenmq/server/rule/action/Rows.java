package io.wrenmq.server.rule.action;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rows as the rule engine makes them: insertion-ordered maps of the JSON model's values. */
final class Rows {
    private Rows() {
    }

    /** {@code row("topic", "a/b", "qos", 1L)}. */
    static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
