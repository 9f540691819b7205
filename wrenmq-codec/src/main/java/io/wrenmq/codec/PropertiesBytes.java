package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A property list as a standalone byte array in the MQTT 5 wire format (section 2.2.2: length, then the
 * properties), for keeping properties outside a packet, e.g. in the broker's message store. Decoding applies
 * the same checks as for a received packet, so a damaged blob is reported, never half-read.
 */
public final class PropertiesBytes {
    private static final byte[] EMPTY = {0};

    private PropertiesBytes() {
    }

    /** The wire form of {@code properties} (one zero byte when empty). */
    public static byte[] toBytes(Properties properties) {
        if (properties == null || properties.isEmpty()) {
            return EMPTY.clone();
        }
        int size = PropertiesEncoder.size(properties);
        ByteBuf buf = Unpooled.buffer(size + 4);
        try {
            PropertiesEncoder.write(buf, properties, size);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    /**
     * Decodes bytes written by {@link #toBytes} for a packet of kind {@code context}.
     *
     * @throws IllegalArgumentException when the bytes are not a valid property list for that context
     */
    public static Properties fromBytes(byte[] bytes, PropertyContext context) {
        if (bytes == null || bytes.length == 0) {
            return Properties.EMPTY;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        FrameReader r = new FrameReader();
        r.reset(buf, 0, bytes.length);
        try {
            Properties p = PropertiesDecoder.decode(r, context);
            r.expectEnd("property list");
            return p;
        } catch (DecodeException e) {
            throw new IllegalArgumentException("damaged property list: " + e.getMessage(), e);
        } finally {
            r.clear();
            buf.release();
        }
    }
}
