package io.wrenmq.broker.routing;

/**
 * The parts of a shared subscription filter: {@code $share/{group}/{filter}} [MQTT-4.8.2-1, MQTT-4.8.2-2],
 * or {@code $queue/{filter}} (the older EMQ/NanoMQ form, whose group is named {@code $queue}).
 *
 * @param group  the share name
 * @param filter the topic filter after the share name, which is what topics are matched against
 */
public record SharedFilter(String group, String filter) {
}
