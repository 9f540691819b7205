package io.wrenmq.codec;

import java.util.Objects;

/**
 * One topic filter of a SUBSCRIBE with its subscription options (section 3.8.3.1). The v5 options are
 * false/0 for MQTT 3.x.
 */
public record Subscription(String topicFilter, int qos, boolean noLocal, boolean retainAsPublished,
        int retainHandling) {
    public Subscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
    }

    public Subscription(String topicFilter, int qos) {
        this(topicFilter, qos, false, false, 0);
    }
}
