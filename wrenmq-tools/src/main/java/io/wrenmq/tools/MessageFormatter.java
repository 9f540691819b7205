package io.wrenmq.tools;

import io.wrenmq.client.ReceivedMessage;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How `sub` prints one message (the caller adds the newline unless -N): the payload, "topic payload" with -v,
 * one JSON object ({@code --format json}, see {@link JsonMessage}), or a mosquitto-style format string
 * ({@code --format '%t %p'}), compiled once so that a bad sequence is a usage error before connecting.
 *
 * <p>Payloads are written as text (UTF-8, invalid bytes replaced): the output is a character stream so that it
 * can be captured and redirected consistently; use {@code %x} or JSON (base64) for binary payloads.
 */
final class MessageFormatter {
    private static final DateTimeFormatter ISO_8601 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    private final Function<ReceivedMessage, String> format;

    private MessageFormatter(Function<ReceivedMessage, String> format) {
        this.format = format;
    }

    /**
     * {@code spec}: null or "text" (payload, or "topic payload" when {@code verbose}), "json", or a format string.
     *
     * @throws IllegalArgumentException for a format string with a sequence we do not know, naming it
     */
    static MessageFormatter of(String spec, boolean verbose) {
        if (spec == null || spec.equals("text")) {
            return new MessageFormatter(verbose ? m -> m.topic() + " " + m.payloadAsString() : ReceivedMessage::payloadAsString);
        }
        if (spec.equals("json")) {
            return new MessageFormatter(JsonMessage::of);
        }
        List<Function<ReceivedMessage, String>> parts = compile(spec);
        return new MessageFormatter(m -> {
            StringBuilder sb = new StringBuilder();
            for (Function<ReceivedMessage, String> p : parts) {
                sb.append(p.apply(m));
            }
            return sb.toString();
        });
    }

    String format(ReceivedMessage message) {
        return format.apply(message);
    }

    private static List<Function<ReceivedMessage, String>> compile(String spec) {
        List<Function<ReceivedMessage, String>> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if ((c != '%' && c != '\\') || i + 1 == spec.length()) {
                literal.append(c);
                continue;
            }
            char next = spec.charAt(++i);
            if (c == '\\') {
                literal.append(escape(next));
                continue;
            }
            if (next == '%') {
                literal.append('%');
                continue;
            }
            Function<ReceivedMessage, String> field = field(next);
            if (literal.length() > 0) {
                String text = literal.toString();
                parts.add(m -> text);
                literal.setLength(0);
            }
            parts.add(field);
        }
        if (literal.length() > 0) {
            String text = literal.toString();
            parts.add(m -> text);
        }
        return parts;
    }

    /** mosquitto_sub's % sequences (see `man mosquitto_sub`, OUTPUT FORMAT), without field widths. */
    private static Function<ReceivedMessage, String> field(char c) {
        return switch (c) {
            case 't' -> ReceivedMessage::topic;
            case 'p' -> ReceivedMessage::payloadAsString;
            case 'q' -> m -> Integer.toString(m.qos());
            case 'r' -> m -> m.retain() ? "1" : "0";
            case 'l' -> m -> Integer.toString(m.payload().length);
            case 'x' -> m -> HexFormat.of().formatHex(m.payload());
            case 'X' -> m -> HexFormat.of().withUpperCase().formatHex(m.payload());
            case 'j' -> JsonMessage::of;
            case 'I' -> m -> ZonedDateTime.now().format(ISO_8601);
            case 'U' -> m -> {
                Instant now = Instant.now();
                return now.getEpochSecond() + "." + String.format("%09d", now.getNano());
            };
            case 'C' -> m -> string(m.properties(), PropertyId.CONTENT_TYPE);
            case 'R' -> m -> string(m.properties(), PropertyId.RESPONSE_TOPIC);
            case 'D' -> m -> {
                byte[] d = m.properties().getBinary(PropertyId.CORRELATION_DATA);
                return d == null ? "" : new String(d, StandardCharsets.UTF_8);
            };
            case 'E' -> m -> number(m.properties(), PropertyId.MESSAGE_EXPIRY_INTERVAL);
            case 'F' -> m -> number(m.properties(), PropertyId.PAYLOAD_FORMAT_INDICATOR);
            case 'S' -> m -> Arrays.stream(m.subscriptionIds()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(","));
            case 'P' -> m -> m.properties().userProperties().stream().map(u -> u.name() + ":" + u.value())
                    .collect(Collectors.joining(" "));
            case 'A' -> m -> ""; // the client resolves topic aliases, so a message never shows one
            default -> throw new IllegalArgumentException("Unknown format sequence '%" + c + "' (known: %t %p %q %r %l "
                    + "%x %X %j %I %U %C %R %D %E %F %S %P %A %%; field widths and %m are not supported)");
        };
    }

    private static char escape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            case 'a' -> '\007';
            case 'e' -> '\033';
            default -> c; // "\\" and anything else stand for themselves
        };
    }

    private static String string(Properties p, PropertyId id) {
        String s = p.getString(id);
        return s == null ? "" : s;
    }

    private static String number(Properties p, PropertyId id) {
        return p.has(id) ? Long.toString(p.getLong(id, 0)) : "";
    }
}
