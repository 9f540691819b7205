package io.wrenmq.broker.store;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.message.StoredMessage;
import java.util.List;
import java.util.Map;

/**
 * What {@link Store#open} read back.
 *
 * @param sessions the persistent sessions with everything that belongs to them
 * @param messages every message a restored delivery references, by id
 * @param retained the retained messages that have not expired
 */
public record StoreSnapshot(List<RestoredSession> sessions, Map<Long, StoredMessage> messages,
        List<RetainedMessage> retained) {
    public static final StoreSnapshot EMPTY = new StoreSnapshot(List.of(), Map.of(), List.of());

    /**
     * One persistent session as stored.
     *
     * @param session       its row
     * @param subscriptions its subscriptions
     * @param deliveries    its queued and in-flight deliveries, in the order they were stored
     * @param inboundQos2   the packet ids of QoS 2 messages from its client still awaiting PUBREL
     */
    public record RestoredSession(StoredSession session, List<StoredSubscription> subscriptions,
            List<StoredDelivery> deliveries, int[] inboundQos2) {
    }
}
