package io.wrenmq.broker.delivery.archfixture;

import io.wrenmq.broker.message.Message;

/** Fixture for BrokerLayeringTest: a downward import, which the rule must accept. */
public class DeliveryImportsMessage {
    Message message;
}
