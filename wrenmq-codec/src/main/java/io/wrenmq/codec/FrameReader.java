package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;

/**
 * A bounded cursor over exactly one frame's body inside the inbound buffer. It is our "slice" of the frame
 * without allocating one: every read checks against {@link #end}, so a length field that points past the
 * frame is a Malformed Packet, never a read of the next packet. One instance per {@link MqttDecoder}
 * (per connection), reused for every frame. Strings are validated in a scratch array that belongs to the
 * decoding thread, not to the connection: a string is copied out of it before the next read, and a per-connection
 * array was 272 bytes of every idle connection (docs/benchmarks.md).
 */
final class FrameReader {
    private static final int MAX_SCRATCH_KEEP = 4096;

    private ByteBuf buf;
    private int pos;
    private int end;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[256];
        }
    };

    void reset(ByteBuf buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** Drops the buffer reference after a frame so that we do not pin it. */
    void clear() {
        this.buf = null;
    }

    /** The thread's scratch array, grown to {@code len}; one above MAX_SCRATCH_KEEP is used once, not kept. */
    private static byte[] scratch(int len) {
        byte[] s = SCRATCH.get();
        if (s.length >= len) {
            return s;
        }
        byte[] bigger = new byte[Math.max(len, s.length * 2)];
        if (bigger.length <= MAX_SCRATCH_KEEP) {
            SCRATCH.set(bigger);
        }
        return bigger;
    }

    int position() {
        return pos;
    }

    int end() {
        return end;
    }

    /** Narrows the readable end (for a property list), returning the old end to restore with {@link #limit}. */
    int limit(int newEnd) {
        int old = end;
        end = newEnd;
        return old;
    }

    int remaining() {
        return end - pos;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    int readUnsignedByte() {
        if (pos >= end) {
            throw DecodeException.malformed("packet ends inside a field");
        }
        return buf.getUnsignedByte(pos++);
    }

    int readUnsignedShort() {
        if (end - pos < 2) {
            throw DecodeException.malformed("packet ends inside a two byte integer");
        }
        int v = buf.getUnsignedShort(pos);
        pos += 2;
        return v;
    }

    long readUnsignedInt() {
        if (end - pos < 4) {
            throw DecodeException.malformed("packet ends inside a four byte integer");
        }
        long v = buf.getUnsignedInt(pos);
        pos += 4;
        return v;
    }

    /** A non-zero packet identifier [MQTT-2.2.1-3]; 0 is a Protocol Error (it parses, but is not allowed). */
    int readPacketId() {
        int id = readUnsignedShort();
        if (id == 0) {
            throw DecodeException.protocolError("packet identifier 0 [MQTT-2.2.1-3]");
        }
        return id;
    }

    /** A Variable Byte Integer: at most 4 bytes, minimally encoded [MQTT-1.5.5-1]. */
    int readVarInt() {
        int value = 0;
        int shift = 0;
        for (int i = 0; i < 4; i++) {
            int b = readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw DecodeException.malformed("variable byte integer not minimally encoded [MQTT-1.5.5-1]");
                }
                return value;
            }
            shift += 7;
        }
        throw DecodeException.malformed("variable byte integer longer than 4 bytes");
    }

    /** A UTF-8 Encoded String, validated strictly [MQTT-1.5.4-1] [MQTT-1.5.4-2]. */
    String readString(String field) {
        int len = readUnsignedShort();
        if (len > end - pos) {
            throw DecodeException.malformed(field + " length " + len + " runs past the packet");
        }
        if (len == 0) {
            return "";
        }
        byte[] s = scratch(len);
        buf.getBytes(pos, s, 0, len);
        pos += len;
        if (MqttUtf8.isAsciiNoNul(s, 0, len)) {
            // Latin-1 maps bytes 1:1 to chars and makes a compact string with one copy.
            return new String(s, 0, len, StandardCharsets.ISO_8859_1);
        }
        int bad = MqttUtf8.firstInvalid(s, 0, len);
        if (bad >= 0) {
            throw DecodeException.malformed(field + " is not valid MQTT UTF-8 at byte " + bad + " [MQTT-1.5.4-1]");
        }
        return new String(s, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * A Topic Name: a valid UTF-8 string without the wildcards + and # [MQTT-3.3.2-2] [MQTT-4.7.1-1]
     * (Topic Name invalid). The wildcard scan runs over the bytes in the same pass as the ASCII check: bytes
     * below 0x80 never occur inside a multi-byte UTF-8 sequence, so a byte scan is exact.
     */
    String readTopicName(String field) {
        int len = readUnsignedShort();
        if (len > end - pos) {
            throw DecodeException.malformed(field + " length " + len + " runs past the packet");
        }
        if (len == 0) {
            return "";
        }
        byte[] s = scratch(len);
        buf.getBytes(pos, s, 0, len);
        pos += len;
        boolean ascii = true;
        for (int i = 0; i < len; i++) {
            byte c = s[i];
            if (c <= 0) {
                ascii = false;
            } else if (TopicSyntax.isWildcard(c)) {
                throw new DecodeException(ReasonCode.TOPIC_NAME_INVALID,
                        field + " contains a wildcard [MQTT-3.3.2-2]");
            }
        }
        if (ascii) {
            return new String(s, 0, len, StandardCharsets.ISO_8859_1);
        }
        int bad = MqttUtf8.firstInvalid(s, 0, len);
        if (bad >= 0) {
            throw DecodeException.malformed(field + " is not valid MQTT UTF-8 at byte " + bad + " [MQTT-1.5.4-1]");
        }
        return new String(s, 0, len, StandardCharsets.UTF_8);
    }

    /** Binary Data: a two byte length and that many bytes, copied. */
    byte[] readBinary(String field) {
        int len = readUnsignedShort();
        if (len > end - pos) {
            throw DecodeException.malformed(field + " length " + len + " runs past the packet");
        }
        byte[] b = new byte[len];
        buf.getBytes(pos, b, 0, len);
        pos += len;
        return b;
    }

    /** The rest of the frame as a retained slice of the inbound buffer (zero copy); the caller owns it. */
    ByteBuf retainedSliceOfRest() {
        ByteBuf slice = buf.retainedSlice(pos, end - pos);
        pos = end;
        return slice;
    }

    /** Fails when bytes remain where the packet format allows none. */
    void expectEnd(String packet) {
        if (pos != end) {
            throw DecodeException.malformed((end - pos) + " unexpected bytes at the end of " + packet);
        }
    }
}
