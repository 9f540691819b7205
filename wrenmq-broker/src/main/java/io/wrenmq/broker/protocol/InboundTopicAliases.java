package io.wrenmq.broker.protocol;

/** Topic aliases a v5 client set on its PUBLISH packets for this connection [MQTT-3.3.2-10..12]. */
final class InboundTopicAliases {
    private final String[] topics;

    InboundTopicAliases(int maximum) {
        this.topics = new String[maximum + 1];
    }

    int maximum() {
        return topics.length - 1;
    }

    boolean inRange(int alias) {
        return alias >= 1 && alias < topics.length;
    }

    void set(int alias, String topic) {
        topics[alias] = topic;
    }

    /** The topic for an alias, or null when the client never set it. */
    String get(int alias) {
        return topics[alias];
    }
}
