package io.wrenmq.client;

import io.netty.buffer.ByteBuf;

/**
 * A zero-copy alternative to {@link MqttClient#onMessage}: gets the delivered PUBLISH's payload as the
 * slice of the inbound buffer it is, without the private {@code byte[]} copy and the {@link ReceivedMessage}
 * that {@code onMessage} makes for every message. Meant for hot paths such as the benchmark's subscribers.
 *
 * <p>Ownership: the client releases {@code payload} when this method returns; read it here (absolute gets
 * leave it unchanged), do not keep it and do not release it - call {@code retain()} to keep it longer.
 * Runs on the client's event loop, like every callback.
 */
@FunctionalInterface
public interface PayloadListener {
    void onPayload(String topic, ByteBuf payload, int qos, boolean retain, boolean dup);
}
