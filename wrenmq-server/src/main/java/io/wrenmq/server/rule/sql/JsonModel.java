package io.wrenmq.server.rule.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to and from the value model ({@link Values}): objects become {@code LinkedHashMap}s in document order,
 * integers {@code Long} (beyond 64 bits a {@code Double}), other numbers {@code Double}. Reads with Jackson's
 * streaming parser straight into the model, without a tree in between.
 */
final class JsonModel {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private JsonModel() {
    }

    /** The value of a JSON document, or null when the bytes are not one JSON value (a payload that is no JSON). */
    static Object parseOrNull(byte[] json) {
        if (!mayBeJson(json)) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            return document(p);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** The value of a JSON text, or null when it is none. */
    static Object parseOrNull(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return document(p);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** The value of a JSON text; a rule failure naming what is wrong when it is none. */
    static Object parse(String json, String function) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return document(p);
        } catch (JsonProcessingException e) {
            throw new RuleEvaluationException(function + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RuleEvaluationException(function + ": not valid JSON: " + e.getMessage());
        }
    }

    /** JSON text of a model value. */
    static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new RuleEvaluationException("json_encode: " + e.getOriginalMessage());
        }
    }

    /** A cheap first look: JSON text starts (after blanks) with one of { [ " - t f n or a digit. */
    private static boolean mayBeJson(byte[] b) {
        for (byte c : b) {
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            return c == '{' || c == '[' || c == '"' || c == '-' || c == 't' || c == 'f' || c == 'n'
                    || (c >= '0' && c <= '9');
        }
        return false;
    }

    private static Object document(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new JsonParseException(p, "empty document");
        }
        Object value = value(p, first);
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "more than one value");
        }
        return value;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    map.put(name, value(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, next));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return Values.finite(p.getDoubleValue(), "JSON number");
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return Values.finite(p.getDoubleValue(), "JSON number");
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(p, "unexpected " + t);
        }
    }
}
