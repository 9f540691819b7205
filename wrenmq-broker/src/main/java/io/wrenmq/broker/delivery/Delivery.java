package io.wrenmq.broker.delivery;

import io.wrenmq.broker.session.Session;

/** One message for one session, handed from the publisher's event loop to the session's loop. */
record Delivery(Session session, Message message, int qos, boolean retain, int[] subscriptionIds) {
    void run() {
        session.execute(() -> session.deliver(message, qos, retain, subscriptionIds));
    }
}
