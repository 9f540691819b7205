package io.wrenmq.tools.bench;

import io.netty.buffer.ByteBuf;

/**
 * The first 24 bytes of every benchmark payload, big-endian: send time (8 bytes; {@link BenchClock}),
 * publisher index (4), sequence number per publisher (8), reserved (4, zero). The rest of the payload is
 * filler. Reads use absolute gets, so the buffer's indexes stay where they were.
 */
public final class PayloadHeader {
    public static final int SIZE = 24;

    private PayloadHeader() {
    }

    /** Appends the header at the buffer's writer index. */
    public static void write(ByteBuf buf, long sendTime, int publisher, long sequence) {
        buf.writeLong(sendTime).writeInt(publisher).writeLong(sequence).writeInt(0);
    }

    /** Whether {@code payload} is long enough to hold a header (a foreign message may not be). */
    public static boolean fits(ByteBuf payload) {
        return payload.readableBytes() >= SIZE;
    }

    public static long sendTime(ByteBuf payload) {
        return payload.getLong(payload.readerIndex());
    }

    public static int publisher(ByteBuf payload) {
        return payload.getInt(payload.readerIndex() + 8);
    }

    /** Zero in every header we write: anything else means a foreign or corrupted payload. */
    public static int reserved(ByteBuf payload) {
        return payload.getInt(payload.readerIndex() + 20);
    }

    public static long sequence(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + 12);
    }
}
