package io.wrenmq.server.rule.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTP body with {@code ${field}} placeholders (EMQX's form). A placeholder names a row field; {@code ${a.b}}
 * finds the field {@code a.b}, or else the key {@code b} inside the object field {@code a}. Strings are inserted as
 * they are, numbers and booleans as text, objects and arrays as JSON, a missing or null field as {@code null}.
 * Without a template the body is the whole row as a JSON object.
 */
final class BodyTemplate {
    private static final BodyTemplate WHOLE_ROW = new BodyTemplate(null);

    /** Literal text and field paths, alternating: even indexes are text, odd ones paths. */
    private final List<String> parts;

    private BodyTemplate(List<String> parts) {
        this.parts = parts;
    }

    /** @param template null or empty: the row as JSON */
    static BodyTemplate parse(String template) {
        if (template == null || template.isEmpty()) {
            return WHOLE_ROW;
        }
        List<String> parts = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = template.indexOf("${", at);
            if (open < 0) {
                parts.add(template.substring(at));
                return new BodyTemplate(List.copyOf(parts));
            }
            int close = template.indexOf('}', open + 2);
            if (close < 0) {
                throw new InvalidActionConfig("body", "the placeholder at character " + (open + 1)
                        + " has no closing '}'", "e.g. {\"temp\": ${payload.temp}}");
            }
            String path = template.substring(open + 2, close).trim();
            if (path.isEmpty()) {
                throw new InvalidActionConfig("body", "empty placeholder ${} at character " + (open + 1),
                        "name a selected field, e.g. ${topic}");
            }
            parts.add(template.substring(at, open));
            parts.add(path);
            at = close + 1;
        }
    }

    String render(Map<String, Object> row) {
        if (parts == null) {
            return JsonText.of(row);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            sb.append(i % 2 == 0 ? parts.get(i) : text(lookup(row, parts.get(i))));
        }
        return sb.toString();
    }

    private static Object lookup(Map<String, Object> row, String path) {
        if (row.containsKey(path)) {
            return row.get(path);
        }
        Object value = row;
        for (String key : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> m)) {
                return null;
            }
            value = m.get(key);
        }
        return value;
    }

    private static String text(Object value) {
        return value == null ? "null" : value instanceof String s ? s
                : value instanceof List || value instanceof Map ? JsonText.of(value) : String.valueOf(value);
    }
}
