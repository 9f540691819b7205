package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;

/**
 * Strict validation of MQTT UTF-8 Encoded Strings (section 1.5.4). The JDK decoder silently replaces bad
 * input with U+FFFD, so we validate first: the bytes must be well-formed UTF-8 (Unicode table 3-7: no
 * overlong forms, no encoded UTF-16 surrogates U+D800..U+DFFF [MQTT-1.5.4-1], nothing above U+10FFFF) and
 * must not contain U+0000 [MQTT-1.5.4-2]. Control characters and non-characters are only "SHOULD NOT"
 * (section 1.5.4) and are accepted.
 */
public final class MqttUtf8 {
    private MqttUtf8() {
    }

    /** Whether {@code len} bytes at {@code off} are all in U+0001..U+007F (the common case, checked first). */
    static boolean isAsciiNoNul(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            // A signed byte <= 0 is either NUL or has the high bit set.
            if (b[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes are a valid MQTT UTF-8 string body (well-formed, no U+0000). */
    public static boolean isValid(byte[] b, int off, int len) {
        return firstInvalid(b, off, len) < 0;
    }

    /** Whether the readable bytes of {@code buf} are valid MQTT UTF-8 (e.g. a payload with Payload Format Indicator 1). */
    public static boolean isValid(ByteBuf buf) {
        int len = buf.readableBytes();
        if (buf.hasArray()) {
            return isValid(buf.array(), buf.arrayOffset() + buf.readerIndex(), len);
        }
        byte[] copy = new byte[len];
        buf.getBytes(buf.readerIndex(), copy);
        return isValid(copy, 0, len);
    }

    /** The index of the first byte of the first invalid sequence, or -1 when the input is valid. */
    static int firstInvalid(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c == 0) {
                    return i; // [MQTT-1.5.4-2]
                }
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c < 0xC2) {
                return i; // stray continuation byte, or C0/C1 (overlong two-byte form)
            } else if (c < 0xE0) {
                need = 1;
            } else if (c < 0xF0) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0; // overlong three-byte form
                } else if (c == 0xED) {
                    hi = 0x9F; // U+D800..U+DFFF surrogates [MQTT-1.5.4-1]
                }
            } else if (c < 0xF5) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90; // overlong four-byte form
                } else if (c == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return i;
            }
            if (i + need >= end) {
                return i; // truncated sequence
            }
            int c1 = b[i + 1] & 0xFF;
            if (c1 < lo || c1 > hi) {
                return i;
            }
            for (int k = 2; k <= need; k++) {
                int ck = b[i + k] & 0xFF;
                if (ck < 0x80 || ck > 0xBF) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
