/**
 * The ZeroMQ gateway (NanoMQ's {@code nanomq_cli gateway} / zmq_gateway.c, on JeroMQ): a SUB socket whose messages
 * become MQTT publishes, and a PUB socket MQTT messages go out on. See {@link io.wrenmq.server.gateway.zmq.ZmqGateway}.
 */
package io.wrenmq.server.gateway.zmq;
