package io.wrenmq.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built frames for corpus tests: ints are bytes, Strings are MQTT strings, byte[] are raw bytes. */
final class Frames {
    private Frames() {
    }

    /** A frame with a correct minimal Remaining Length for the body. */
    static byte[] frame(int firstByte, Object... body) {
        byte[] b = bytes(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int len = b.length;
        do {
            int digit = len & 0x7F;
            len >>>= 7;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer) {
                out.write((Integer) p);
            } else if (p instanceof String) {
                byte[] s = ((String) p).getBytes(StandardCharsets.UTF_8);
                out.write(s.length >> 8);
                out.write(s.length);
                out.writeBytes(s);
            } else if (p instanceof byte[]) {
                out.writeBytes((byte[]) p);
            } else {
                throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return out.toByteArray();
    }

    /** An MQTT string whose body is the given raw (possibly invalid) bytes. */
    static byte[] rawString(int... body) {
        byte[] out = new byte[body.length + 2];
        out[0] = (byte) (body.length >> 8);
        out[1] = (byte) body.length;
        for (int i = 0; i < body.length; i++) {
            out[i + 2] = (byte) body[i];
        }
        return out;
    }

    static byte[] raw(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
