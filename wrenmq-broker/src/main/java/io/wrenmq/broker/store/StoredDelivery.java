package io.wrenmq.broker.store;

import io.wrenmq.broker.message.StoredMessage;
import java.util.Objects;

/**
 * One message for one persistent session.
 *
 * @param clientId        the session
 * @param messageId       the {@link StoredMessage#id()}
 * @param qos             the QoS it is delivered with (1 or 2)
 * @param retain          the RETAIN flag to send
 * @param subscriptionIds the Subscription Identifiers to send, never null
 * @param packetId        0 while queued; the packet id once sent (then a restart resends it with DUP)
 * @param released        QoS 2 only: PUBREC arrived, PUBREL is (re)sent instead of the PUBLISH
 */
public record StoredDelivery(String clientId, long messageId, int qos, boolean retain, int[] subscriptionIds,
        int packetId, boolean released) {
    private static final int[] NONE = new int[0];

    public StoredDelivery {
        Objects.requireNonNull(clientId, "clientId");
        subscriptionIds = subscriptionIds == null ? NONE : subscriptionIds;
    }

    /** A new delivery in state "queued". */
    public static StoredDelivery queued(String clientId, long messageId, int qos, boolean retain, int[] ids) {
        return new StoredDelivery(clientId, messageId, qos, retain, ids, 0, false);
    }
}
