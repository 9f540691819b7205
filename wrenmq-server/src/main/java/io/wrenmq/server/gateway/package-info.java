/**
 * The gateways: brokerless messaging (ZeroMQ; nanomsg/NNG in {@code gateway.nng}) in and out of MQTT, NanoMQ's
 * {@code nanomq_cli} gateways built into the broker (docs/gateways.md). The framework is here: a gateway's MQTT side
 * ({@link io.wrenmq.server.gateway.MqttSide}: the broker's in-process API inside the broker, a wrenmq-client
 * connection when it runs standalone), its counters ({@link io.wrenmq.server.gateway.GatewayStats}), the bounded
 * hand-over queue between the two sides ({@link io.wrenmq.server.gateway.HandOver}) and the view the REST API and
 * Prometheus read ({@link io.wrenmq.server.gateway.GatewayView}). Each protocol is a sub-package.
 */
package io.wrenmq.server.gateway;
