package io.wrenmq.broker.session.archfixture;

import io.wrenmq.broker.WrenBroker;

/** Fixture for BrokerLayeringTest: session importing the composition root; only BrokerConfig is a (temporary) exception. */
public class SessionImportsWrenBroker {
    WrenBroker broker;
}
