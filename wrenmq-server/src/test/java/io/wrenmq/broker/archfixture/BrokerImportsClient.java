package io.wrenmq.broker.archfixture;

import io.wrenmq.client.MqttClient;

/** Fixture for ModuleLayeringTest: the broker importing the client, which the rule must refuse. */
public class BrokerImportsClient {
    MqttClient client;
}
