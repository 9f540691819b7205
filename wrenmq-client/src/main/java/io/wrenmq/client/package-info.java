/**
 * An asynchronous MQTT 3.1.1/5.0 client on the codec alone ({@link io.wrenmq.client.MqttClient}): connection and
 * reconnects, session state, QoS 1/2 both ways, topic aliases, the server's limits. Used by the tools and by tests.
 */
package io.wrenmq.client;
