package io.wrenmq.server.bridge;

/**
 * One {@code forwards} entry: local messages matching {@code localTopic} are published on the remote broker.
 *
 * @param localTopic  a topic filter on this broker
 * @param remoteTopic "" = the message's own topic; a topic name = that topic; a pattern with {@code +}/{@code #} =
 *                    filled with the levels the local filter's wildcards matched (see {@link TopicRemap})
 * @param qos         the remote QoS, -1 = the message's own
 * @param retain      0 or 1 = the remote retain flag, 2 = the message's own
 * @param prefix      put before the resulting topic (no wildcards); "" for none
 * @param suffix      put after it (no wildcards); "" for none
 */
public record BridgeForward(String localTopic, String remoteTopic, int qos, int retain, String prefix,
        String suffix) {
    public static final int KEEP_QOS = -1;
    public static final int KEEP_RETAIN = 2;
}
