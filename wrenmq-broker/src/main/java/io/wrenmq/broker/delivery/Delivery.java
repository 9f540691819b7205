package io.wrenmq.broker.delivery;

import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.session.Session;

/** One message for one session (stored under {@code storeId} when not 0), handed from the publisher's event loop to the session's loop. */
record Delivery(Session session, Message message, int qos, boolean retain, int[] subscriptionIds, long storeId) {
    void run() {
        session.execute(() -> session.deliver(message, qos, retain, subscriptionIds, storeId));
    }
}
