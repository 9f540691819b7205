package io.wrenmq.server.rule.sql;

import java.nio.charset.StandardCharsets;

/**
 * The payload's bytes as they arrived, handed to the functions that work on bytes ({@code md5(payload)},
 * {@code base64_encode(payload)}, {@code bin2hexstr(payload)}, ...) so that a binary payload is hashed or encoded
 * exactly, not after a lossy UTF-8 decoding. Never stored in a row: those functions return strings.
 */
record Bytes(byte[] data) {

    String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The bytes of a string argument (UTF-8) or of the payload. */
    static byte[] of(Object v) {
        return v instanceof Bytes b ? b.data : ((String) v).getBytes(StandardCharsets.UTF_8);
    }
}
