package io.wrenmq.server.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code webhook.body.encoding}: how a message payload is written into a JSON body. */
public enum PayloadEncoding {
    /** The payload as UTF-8 text (invalid bytes become U+FFFD). */
    PLAIN,
    /** Standard Base64 with padding (RFC 4648). */
    BASE64,
    /**
     * EMQX's base62: Base64 without padding in which {@code i} is written {@code ia}, {@code +} {@code ib} and
     * {@code /} {@code ic}, so only letters and digits remain and the text decodes back to the bytes. (NanoMQ 0.23
     * writes {@code +} as {@code A} and {@code /} as {@code B}, which cannot be decoded.)
     */
    BASE62;

    public String encode(byte[] payload) {
        return switch (this) {
            case PLAIN -> new String(payload, StandardCharsets.UTF_8);
            case BASE64 -> Base64.getEncoder().encodeToString(payload);
            case BASE62 -> base62(payload);
        };
    }

    private static String base62(byte[] payload) {
        String b64 = Base64.getEncoder().withoutPadding().encodeToString(payload);
        StringBuilder out = new StringBuilder(b64.length() + b64.length() / 16);
        for (int i = 0; i < b64.length(); i++) {
            char c = b64.charAt(i);
            switch (c) {
                case 'i' -> out.append("ia");
                case '+' -> out.append("ib");
                case '/' -> out.append("ic");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #BASE62} (for receivers written in Java, and for tests). */
    public static byte[] decodeBase62(String text) {
        StringBuilder b64 = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'i' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                b64.append(n == 'a' ? 'i' : n == 'b' ? '+' : n == 'c' ? '/' : '?');
            } else {
                b64.append(c);
            }
        }
        return Base64.getDecoder().decode(b64.toString());
    }
}
