package io.wrenmq.broker.session.archfixture;

import io.wrenmq.broker.protocol.MqttConnection;

/** Fixture for BrokerLayeringTest: session importing protocol, refused whatever session's temporary exceptions. */
public class SessionImportsProtocol {
    MqttConnection connection;
}
