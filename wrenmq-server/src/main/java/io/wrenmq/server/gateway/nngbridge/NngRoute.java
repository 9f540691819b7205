package io.wrenmq.server.gateway.nngbridge;

/**
 * One entry of NanoMQ's {@code forwards} (MQTT to NNG) or {@code subscription} (NNG to MQTT) lists of
 * {@code bridges.nng.<pub|sub>.<name>} (NanoMQ master, docs bridges/nng-bridge.md).
 *
 * @param localTopic  forwards: the MQTT topic filter subscribed; subscription: the MQTT topic published to ("" = the
 *                    topic taken from the NNG message)
 * @param remoteTopic forwards: the prefix put before the payload ("" = the MQTT message's topic); subscription: the
 *                    NNG prefix subscribed to
 * @param delimiter   between the topic and the payload in an NNG message (NanoMQ's default "/")
 * @param qos         forwards: the QoS of the local subscription; subscription: the QoS published with
 */
public record NngRoute(String localTopic, String remoteTopic, String delimiter, int qos) {
}
