package io.wrenmq.client;

import io.netty.buffer.ByteBuf;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.Publish;
import java.util.concurrent.CompletableFuture;

/**
 * One publish of ours from {@code publish()} until its future completes. It owns {@code payload} (one
 * reference, taken from the caller) and releases it exactly once, in {@link #complete} or {@link #fail};
 * writes go through {@link Publish} values that share the buffer without retaining it (the encoder copies
 * or retains a duplicate for the wire). Event-loop confined after construction.
 */
final class OutboundMessage {
    final String topic;
    final ByteBuf payload;
    final boolean retain;
    final Properties properties;
    final CompletableFuture<PublishResult> future;
    int qos;
    int packetId;
    /** QoS 2 only: PUBREC received and PUBREL sent; from here on only PUBREL is resent [MQTT-4.4.0-1]. */
    boolean released;
    /** Whether a PUBLISH of this message already went out on some connection (a resend carries DUP). */
    boolean sent;

    OutboundMessage(String topic, ByteBuf payload, int qos, boolean retain, Properties properties,
            CompletableFuture<PublishResult> future) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.properties = properties;
        this.future = future;
    }

    /** The PUBLISH to write: DUP on a resend [MQTT-3.3.1-1], the topic empty when an alias stands for it. */
    Publish toPublish(String wireTopic, Properties wireProperties) {
        return new Publish(sent && qos > 0, qos, retain, wireTopic, packetId, wireProperties, payload);
    }

    void complete(PublishResult result) {
        payload.release();
        future.complete(result);
    }

    void fail(Throwable cause) {
        payload.release();
        future.completeExceptionally(cause);
    }
}
