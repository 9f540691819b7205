package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Writes packets in the wire format of a protocol version. Stateless; every method computes the exact size
 * first and allocates once.
 *
 * <p>Ownership: the returned buffer belongs to the caller (usually handed to {@code channel.write}). The
 * encoder never releases a {@link Publish}'s payload: a large payload is referenced through a retained
 * duplicate inside the returned composite (released with it), a small one is copied.
 *
 * <p>MQTT 3.x drops properties and reason codes it has no field for: CONNACK maps to a v3 return code
 * ({@link V3ReturnCodes}), SUBACK error codes become 0x80, acks/DISCONNECT/UNSUBACK carry none. MQTT 5
 * uses the short forms the spec allows (PUBACK family with Success and no properties has Remaining Length
 * 2, DISCONNECT likewise 0), as Mosquitto and Paho do.
 */
public final class MqttEncoder {
    /** Payloads below this are copied into the header buffer; larger ones are referenced (zero copy). */
    static final int COPY_THRESHOLD = 8192; // copying up to 8 KB beats building a composite buffer (JMH, docs/benchmarks.md)

    private MqttEncoder() {
    }

    /** The whole packet, PUBLISH payload included. */
    public static ByteBuf encode(ByteBufAllocator alloc, MqttPacket packet, MqttVersion version) {
        if (packet instanceof Publish) {
            return encodePublish(alloc, (Publish) packet, version.isV5(), true);
        }
        int body = BodyEncoder.bodySize(packet, version);
        ByteBuf buf = alloc.buffer(1 + WireFormat.varIntSize(body) + body);
        try {
            buf.writeByte(BodyEncoder.firstByte(packet));
            WireFormat.writeVarInt(buf, body);
            BodyEncoder.writeBody(buf, packet, version);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * The fixed and variable header of a PUBLISH (topic, packet id, properties), without the payload; the
     * Remaining Length counts the payload. For fan-out: write this, then the shared payload
     * ({@code payload.retainedDuplicate()}).
     */
    public static ByteBuf encodePublishHeader(ByteBufAllocator alloc, Publish p, MqttVersion version) {
        return encodePublish(alloc, p, version.isV5(), false);
    }

    /** The exact number of bytes the packet takes on the wire (to honour a peer's Maximum Packet Size). */
    public static int encodedSize(MqttPacket packet, MqttVersion version) {
        int body;
        if (packet instanceof Publish) {
            Publish p = (Publish) packet;
            body = publishVariableHeaderSize(p, version.isV5(), WireFormat.utf8Length(p.topic()),
                    version.isV5() ? PropertiesEncoder.size(p.properties()) : 0) + p.payload().readableBytes();
        } else {
            body = BodyEncoder.bodySize(packet, version);
        }
        return 1 + WireFormat.varIntSize(body) + body;
    }

    private static int publishVariableHeaderSize(Publish p, boolean v5, int topicLength, int propertiesLength) {
        int size = 2 + topicLength + (p.qos() > 0 ? 2 : 0);
        if (v5) {
            size += WireFormat.varIntSize(propertiesLength) + propertiesLength;
        }
        return size;
    }

    private static ByteBuf encodePublish(ByteBufAllocator alloc, Publish p, boolean v5, boolean withPayload) {
        int topicLength = WireFormat.utf8Length(p.topic());
        int propertiesLength = v5 ? PropertiesEncoder.size(p.properties()) : 0;
        int variableHeader = publishVariableHeaderSize(p, v5, topicLength, propertiesLength);
        ByteBuf payload = p.payload();
        int payloadLength = payload.readableBytes();
        int remaining = variableHeader + payloadLength;
        int headerLength = 1 + WireFormat.varIntSize(remaining) + variableHeader;
        boolean copy = withPayload && payloadLength < COPY_THRESHOLD;
        ByteBuf buf = alloc.buffer(copy ? headerLength + payloadLength : headerLength);
        try {
            buf.writeByte(0x30 | (p.dup() ? 0x08 : 0) | p.qos() << 1 | (p.retained() ? 0x01 : 0));
            WireFormat.writeVarInt(buf, remaining);
            WireFormat.writeString(buf, p.topic(), topicLength);
            if (p.qos() > 0) {
                buf.writeShort(p.packetId());
            }
            if (v5) {
                PropertiesEncoder.write(buf, p.properties(), propertiesLength);
            }
            if (!withPayload) {
                return buf;
            }
            if (copy) {
                // Small payload: one buffer, one write, one syscall-friendly region.
                buf.writeBytes(payload, payload.readerIndex(), payloadLength);
                return buf;
            }
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        CompositeByteBuf composite = alloc.compositeBuffer(2);
        composite.addComponent(true, buf);
        composite.addComponent(true, payload.retainedDuplicate());
        return composite;
    }
}
