/**
 * The composition root and the embedding API: {@link io.wrenmq.broker.WrenBroker} wires every part with plain
 * constructors, binds the listeners and stops them; {@link io.wrenmq.broker.BrokerConfig} is its configuration. The
 * top floor: every broker package is below it and none imports it (protocol and session still read BrokerConfig until
 * the session split lands; see BrokerLayeringTest).
 */
package io.wrenmq.broker;
