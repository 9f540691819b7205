package io.wrenmq.server.bridge;

/**
 * One {@code subscription} entry: the bridge subscribes {@code remoteTopic} on the remote broker and publishes what
 * arrives here.
 *
 * @param remoteTopic       a topic filter on the remote broker
 * @param localTopic        "" = the message's own topic; a topic name = that topic; a pattern = filled from the
 *                          remote filter's wildcards (see {@link TopicRemap})
 * @param qos               the subscription's QoS (0..2)
 * @param retain            0 or 1 = the local retain flag, 2 = as received
 * @param retainAsPublished MQTT 5 subscription option
 * @param retainHandling    MQTT 5 subscription option 0..2
 * @param noLocal           MQTT 5 subscription option; on by default for a v5 remote (loop safety)
 * @param prefix            put before the resulting local topic; "" for none
 * @param suffix            put after it; "" for none
 */
public record BridgeSubscription(String remoteTopic, String localTopic, int qos, int retain,
        boolean retainAsPublished, int retainHandling, boolean noLocal, String prefix, String suffix) {
}
