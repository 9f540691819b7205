package io.wrenmq.tools;

import io.wrenmq.client.ReceivedMessage;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.UserProperty;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One received message as a single-line JSON object, for `sub --format json` (one object per line, ready for
 * jq):
 * <pre>
 * {"topic":"a/b","payload":"21.5","qos":1,"retain":false,"properties":{"content_type":"text/plain",
 *  "user_properties":{"unit":"C"}}}
 * </pre>
 * A payload that is not valid UTF-8 is base64 with {@code "payload_encoding":"base64"}; so is Correlation Data
 * ({@code "correlation_data_encoding"}). A user property key that repeats (MQTT allows it) maps to an array of
 * its values in order. Written by hand: a few dozen lines do not justify a JSON library in the server.
 */
final class JsonMessage {
    private JsonMessage() {
    }

    static String of(ReceivedMessage m) {
        StringBuilder sb = new StringBuilder(64 + m.payload().length);
        sb.append("{\"topic\":");
        quote(sb, m.topic());
        String text = utf8(m.payload());
        sb.append(",\"payload\":");
        quote(sb, text != null ? text : Base64.getEncoder().encodeToString(m.payload()));
        if (text == null) {
            sb.append(",\"payload_encoding\":\"base64\"");
        }
        sb.append(",\"qos\":").append(m.qos()).append(",\"retain\":").append(m.retain());
        sb.append(",\"properties\":{");
        properties(sb, m.properties(), m.subscriptionIds());
        return sb.append("}}").toString();
    }

    private static void properties(StringBuilder sb, Properties p, int[] subscriptionIds) {
        List<String> fields = new ArrayList<>();
        for (PropertyId id : p.presentIds()) {
            if (id == PropertyId.USER_PROPERTY || id == PropertyId.SUBSCRIPTION_IDENTIFIER) {
                continue; // written below, from their own lists
            }
            StringBuilder f = new StringBuilder();
            String name = PropertyArgs.nameOf(id).replace('-', '_');
            quote(f, name);
            f.append(':');
            switch (id.type()) {
                case UTF8_STRING -> quote(f, p.getString(id));
                case BINARY_DATA -> {
                    byte[] data = p.getBinary(id);
                    String text = utf8(data);
                    quote(f, text != null ? text : Base64.getEncoder().encodeToString(data));
                    if (text == null) {
                        f.append(",\"").append(name).append("_encoding\":\"base64\"");
                    }
                }
                default -> f.append(p.getLong(id, 0));
            }
            fields.add(f.toString());
        }
        if (subscriptionIds.length > 0) {
            StringBuilder f = new StringBuilder("\"subscription_identifiers\":[");
            for (int i = 0; i < subscriptionIds.length; i++) {
                f.append(i > 0 ? "," : "").append(subscriptionIds[i]);
            }
            fields.add(f.append(']').toString());
        }
        if (!p.userProperties().isEmpty()) {
            fields.add(userProperties(p.userProperties()));
        }
        sb.append(String.join(",", fields));
    }

    private static String userProperties(List<UserProperty> list) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (UserProperty u : list) {
            byKey.computeIfAbsent(u.name(), k -> new ArrayList<>()).add(u.value());
        }
        StringBuilder f = new StringBuilder("\"user_properties\":{");
        boolean first = true;
        for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
            f.append(first ? "" : ",");
            first = false;
            quote(f, e.getKey());
            f.append(':');
            List<String> values = e.getValue();
            if (values.size() == 1) {
                quote(f, values.get(0));
            } else {
                f.append('[');
                for (int i = 0; i < values.size(); i++) {
                    f.append(i > 0 ? "," : "");
                    quote(f, values.get(i));
                }
                f.append(']');
            }
        }
        return f.append('}').toString();
    }

    /** The bytes as a string when they are valid UTF-8, else null. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A JSON string literal (RFC 8259 section 7): quote, backslash and control characters escaped. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
