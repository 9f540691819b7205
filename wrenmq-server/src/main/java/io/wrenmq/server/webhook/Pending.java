package io.wrenmq.server.webhook;

import io.wrenmq.broker.hook.BrokerEvent;

/**
 * An event waiting to be sent: the event record, a copy of the message payload (the broker's buffer is only valid
 * during the listener call) and, for SUBSCRIBE/UNSUBSCRIBE, which of its filters this request is about (EMQX sends
 * one request per filter).
 */
record Pending(BrokerEvent event, byte[] payload, int index) {
}
