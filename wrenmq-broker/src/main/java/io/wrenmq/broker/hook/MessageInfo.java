package io.wrenmq.broker.hook;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * An application message as an event sees it.
 *
 * <p>The payload is the broker's own buffer, shared with every subscriber: it is valid ONLY during the listener
 * call. A listener that keeps the payload copies it ({@link #payloadBytes()}); it must never release or modify it.
 *
 * @param fromClientId   the publisher's client id; null for messages of the broker itself
 * @param fromUsername   the publisher's username; null when it had none
 * @param timestamp      when the event happened, milliseconds since the epoch
 */
public record MessageInfo(String fromClientId, String fromUsername, String topic, int qos, boolean retain,
        ByteBuf payload, long timestamp) {

    /** A copy of the payload bytes (the buffer itself must not be kept beyond the listener call). */
    public byte[] payloadBytes() {
        return payload == null ? new byte[0] : ByteBufUtil.getBytes(payload, payload.readerIndex(), payload.readableBytes());
    }
}
