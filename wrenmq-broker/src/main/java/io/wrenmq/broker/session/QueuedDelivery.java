package io.wrenmq.broker.session;

import io.wrenmq.broker.message.Message;

/** A message (stored under {@code storeId} when not 0) waiting in a session's queue for an in-flight slot or for the client to come back. */
record QueuedDelivery(Message message, int qos, boolean retain, int[] subscriptionIds, long storeId) {
}
