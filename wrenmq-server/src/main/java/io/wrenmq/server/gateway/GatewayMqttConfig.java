package io.wrenmq.server.gateway;

import io.wrenmq.codec.MqttVersion;

/**
 * NanoMQ's {@code gateway.mqtt { ... }}: the gateway's MQTT end. Inside the broker only {@code subTopic},
 * {@code forward} and {@code parallel} apply (the in-process session needs no address, version, keep alive or
 * credentials); a standalone gateway ({@code wrenmq gateway ... --conf}) uses every field to connect.
 *
 * @param host        the broker's host from {@code address} ("mqtt-tcp://host:port")
 * @param subTopic    the topic filter received from MQTT (NanoMQ: {@code sub_topic}); "" = none
 * @param forward     the topic ZeroMQ/NNG messages are published to (NanoMQ: {@code forward})
 * @param parallel    publishes to MQTT in flight at most (NanoMQ: outstanding requests)
 * @param clientId    the client id of a standalone gateway's connection
 */
public record GatewayMqttConfig(String host, int port, String subTopic, MqttVersion version, int keepalive,
        boolean cleanStart, String username, String password, String forward, int parallel, String clientId) {

    /** "host:port" of the broker a standalone gateway connects to. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
