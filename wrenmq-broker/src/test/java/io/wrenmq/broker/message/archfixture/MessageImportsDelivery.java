package io.wrenmq.broker.message.archfixture;

import io.wrenmq.broker.delivery.MessageRouter;

/** Fixture for BrokerLayeringTest: the ground floor importing a higher package, which the rule must refuse. */
public class MessageImportsDelivery {
    MessageRouter router;
}
