package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/** Sizes and writers for the MQTT data representations (section 1.5) used by the encoder. */
final class WireFormat {
    static final int MAX_VAR_INT = 268_435_455;

    private WireFormat() {
    }

    /** Bytes a Variable Byte Integer takes [MQTT-1.5.5-1]. */
    static int varIntSize(int value) {
        if (value < 0 || value > MAX_VAR_INT) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    static void writeVarInt(ByteBuf buf, int value) {
        while (value >= 128) {
            buf.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf.writeByte(value);
    }

    /** The UTF-8 length of a string field's body; fails when it does not fit the two byte length. */
    static int utf8Length(String s) {
        int n = ByteBufUtil.utf8Bytes(s);
        if (n > 65_535) {
            throw new IllegalArgumentException("UTF-8 string of " + n + " bytes is longer than 65535");
        }
        return n;
    }

    /** Writes a UTF-8 Encoded String whose body length is {@code utf8Length} (from {@link #utf8Length}). */
    static void writeString(ByteBuf buf, String s, int utf8Length) {
        buf.writeShort(utf8Length);
        if (utf8Length == s.length()) {
            // All ASCII: one byte per char, no encoder state.
            buf.writeCharSequence(s, StandardCharsets.US_ASCII);
        } else {
            ByteBufUtil.reserveAndWriteUtf8(buf, s, utf8Length);
        }
    }

    static int binarySize(byte[] b) {
        if (b.length > 65_535) {
            throw new IllegalArgumentException("binary data of " + b.length + " bytes is longer than 65535");
        }
        return 2 + b.length;
    }

    static void writeBinary(ByteBuf buf, byte[] b) {
        buf.writeShort(b.length);
        buf.writeBytes(b);
    }
}
