package io.wrenmq.broker.protocol;

/** Topic aliases a v5 client set on its PUBLISH packets for this connection [MQTT-3.3.2-10..12]. */
final class InboundTopicAliases {
    private final int maximum;
    /** Allocated at the first alias: most clients never use one, and the array is per connection. */
    private String[] topics;

    InboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    int maximum() {
        return maximum;
    }

    boolean inRange(int alias) {
        return alias >= 1 && alias <= maximum;
    }

    void set(int alias, String topic) {
        if (topics == null) {
            topics = new String[maximum + 1];
        }
        topics[alias] = topic;
    }

    /** The topic for an alias, or null when the client never set it. */
    String get(int alias) {
        return topics == null ? null : topics[alias];
    }
}
