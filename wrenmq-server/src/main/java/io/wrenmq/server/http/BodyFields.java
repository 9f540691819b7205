package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigValueFactory;
import io.wrenmq.server.config.ValueType;
import io.wrenmq.server.config.ValueTypes;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one JSON object of a request body, read with their place in the body, so that a bad value is a 400
 * naming it ({@code forwards[1].qos must be an integer -1..2: 3}), the way a bad configuration value names its key.
 * Absent and null fields take the default given.
 */
final class BodyFields {
    private final String path;
    private final JsonNode node;

    /** @param path where the object is in the body ("" for the body itself, "forwards[1]" for an entry) */
    BodyFields(String path, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest((path.isEmpty() ? "the body" : path) + " must be a JSON object");
        }
        this.path = path;
        this.node = node;
    }

    /** Where the object is in the body ("" for the body itself). */
    String path() {
        return path.isEmpty() ? "the body" : path;
    }

    /** The field's full name in the body. */
    String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    JsonNode raw(String field) {
        return node.get(field);
    }

    /** Refuses fields other than {@code allowed}, naming the first with {@code hint}. */
    void onlyFields(Set<String> allowed, String hint) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest(name(f) + ": not a field here; " + hint);
            }
        }
    }

    String text(String field, String dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(name(field) + " must be a string");
        }
        return v.asText();
    }

    String requiredText(String field) {
        String v = text(field, null);
        if (v == null) {
            throw ApiException.missing(name(field));
        }
        return v;
    }

    int integer(String field, int dflt, int min, int max) {
        return (int) longInteger(field, dflt, min, max);
    }

    long longInteger(String field, long dflt, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw ApiException.badRequest(name(field) + " must be an integer " + min + ".." + max + ": " + v);
        }
        return v.asLong();
    }

    /** true or false; NanoMQ's 1 and 0 too. */
    boolean bool(String field, boolean dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && (v.asInt() == 0 || v.asInt() == 1)) {
            return v.asInt() == 1;
        }
        throw ApiException.badRequest(name(field) + " must be true or false: " + v);
    }

    /**
     * A duration: a string with a unit as in the configuration file ("60s", "500ms"), or a bare number of
     * {@code bareUnit}s (NanoMQ's REST API writes keepalive = 60, resend_interval = 5000).
     */
    Duration duration(String field, Duration dflt, ChronoUnit bareUnit, Duration min, Duration max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        String range = ValueTypes.duration(min, max).describe();
        Duration d;
        if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
            d = Duration.of(v.asLong(), bareUnit);
        } else if (v.isTextual()) {
            try {
                return ValueTypes.duration(min, max).parse(ConfigValueFactory.fromAnyRef(v.asText()));
            } catch (ValueType.BadValue e) {
                throw ApiException.badRequest(name(field) + ": " + e.getMessage() + " (" + e.hint() + ")");
            }
        } else {
            throw ApiException.badRequest(name(field) + " must be a " + range + " (a string with a unit, or "
                    + bareUnit.toString().toLowerCase(Locale.ROOT) + ")");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw ApiException.badRequest(name(field) + " must be a " + range + ": " + v);
        }
        return d;
    }

    /** A list of objects, each read with its index in the name; absent: an empty list. */
    List<BodyFields> objects(String field) {
        JsonNode v = node.get(field);
        List<BodyFields> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(name(field) + " must be a JSON array of objects");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new BodyFields(name(field) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    /** A list of strings; absent: null. */
    List<String> texts(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(name(field) + " must be a JSON array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw ApiException.badRequest(name(field) + "[" + i + "] must be a string");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    /**
     * MQTT 5 user properties: NanoMQ's REST form {@code [{"key": "k", "value": "v"}]} or the configuration file's
     * {@code {"k": "v"}}; absent: none.
     */
    Map<String, String> userProperties(String field) {
        JsonNode v = node.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isObject()) {
            v.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw ApiException.badRequest(name(field) + "." + e.getKey() + " must be a string");
                }
                out.put(e.getKey(), e.getValue().asText());
            });
            return out;
        }
        for (BodyFields pair : objects(field)) {
            out.put(pair.requiredText("key"), pair.requiredText("value"));
        }
        return out;
    }
}
