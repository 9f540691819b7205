/**
 * MQTT on one network connection: the per-connection state machine {@link io.wrenmq.broker.protocol.MqttConnection}
 * (CONNECT and authentication, PUBLISH flows, SUBSCRIBE, keep alive, topic aliases, flow control, graceful close) and
 * the broker services it is given ({@link io.wrenmq.broker.protocol.BrokerContext}).
 */
package io.wrenmq.broker.protocol;
