package io.wrenmq.broker.session;

import io.wrenmq.broker.message.Message;

/**
 * A QoS 1/2 message sent to the client and not yet acknowledged. {@code message} is null once a QoS 2
 * PUBREC has arrived (only the PUBREL remains to be completed, so the payload is released early).
 */
final class OutboundInflight {
    final int packetId;
    final int qos;
    final boolean retain;
    final int[] subscriptionIds;
    final long storeId; // the stored delivery's message id, 0 when not stored
    Message message;
    boolean pubrelSent;
    /** A QoS 2 PUBLISH or PUBREL waits for the store to commit its state before it is sent. */
    boolean awaitingStore;
    long sentAtNanos;

    OutboundInflight(int packetId, Message message, int qos, boolean retain, int[] subscriptionIds, long storeId) {
        this.packetId = packetId;
        this.message = message;
        this.qos = qos;
        this.retain = retain;
        this.subscriptionIds = subscriptionIds;
        this.storeId = storeId;
    }
}
