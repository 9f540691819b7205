package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * PUBLISH (section 3.3). {@code retained} is the RETAIN flag. {@code packetId} is 0 for QoS 0. {@code topic} may be empty in MQTT 5 when a
 * Topic Alias property names it.
 *
 * <p>Ownership: the payload is reference counted. A decoded PUBLISH holds a retained slice of the
 * inbound buffer (zero copy) with a reference count of one that belongs to whoever receives the packet;
 * that receiver must {@link #release()} it (or hand it on). The encoder does not release the payload it
 * writes; it writes a retained duplicate.
 */
public record Publish(boolean dup, int qos, boolean retained, String topic, int packetId, Properties properties,
        ByteBuf payload) implements MqttPacket, ReferenceCounted {
    public Publish {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        properties = properties == null ? Properties.EMPTY : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.PUBLISH;
    }

    /** The same message with other header fields (the payload reference is shared, not retained). */
    public Publish with(boolean dup, int qos, boolean retained, int packetId) {
        return new Publish(dup, qos, retained, topic, packetId, properties, payload);
    }

    @Override
    public int refCnt() {
        return payload.refCnt();
    }

    @Override
    public Publish retain() {
        payload.retain();
        return this;
    }

    @Override
    public Publish retain(int increment) {
        payload.retain(increment);
        return this;
    }

    @Override
    public Publish touch() {
        payload.touch();
        return this;
    }

    @Override
    public Publish touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return payload.release();
    }

    @Override
    public boolean release(int decrement) {
        return payload.release(decrement);
    }

    @Override
    public String toString() {
        return "Publish[topic=" + topic + ", qos=" + qos + ", retain=" + retained + ", dup=" + dup + ", packetId="
                + packetId + ", properties=" + properties + ", payload=" + payload.readableBytes() + " bytes]";
    }
}
