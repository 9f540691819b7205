package io.wrenmq.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The API's one JSON mapper and NanoMQ's envelope {@code {"code": 0, "data": ...}}. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** {@code {"code": 0, "data": data}}. */
    public static ObjectNode ok(JsonNode data) {
        ObjectNode o = object().put("code", 0);
        o.set("data", data);
        return o;
    }

    public static ObjectNode error(int code, String message) {
        return object().put("code", code).put("message", message);
    }

    /** Parses a request body; a syntax error is a 400 naming what is wrong. */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(400, ApiException.REQ_PARAMS_JSON_FORMAT_ILLEGAL, "the request needs a JSON body");
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ApiException(400, ApiException.REQ_PARAMS_JSON_FORMAT_ILLEGAL, "malformed JSON body: " + why);
        }
    }

    /** The body as a JSON object; anything else is a 400. */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode n = parse(body);
        if (!n.isObject()) {
            throw new ApiException(400, ApiException.REQ_PARAMS_JSON_FORMAT_ILLEGAL, "the body must be a JSON object");
        }
        return (ObjectNode) n;
    }

    /** A required text field. */
    public static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.missing(field);
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return v.asText();
    }

    /** An optional integer field within [min, max]. */
    public static int integer(JsonNode o, String field, int dflt, int min, int max) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw ApiException.badRequest(field + " must be an integer " + min + ".." + max);
        }
        return v.asInt();
    }

    public static boolean bool(JsonNode o, String field, boolean dflt) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false");
        }
        return v.asBoolean();
    }
}
