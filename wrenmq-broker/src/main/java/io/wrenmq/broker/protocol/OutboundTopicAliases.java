package io.wrenmq.broker.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Topic aliases the broker assigns on the way to a v5 client, up to the client's Topic Alias Maximum
 * [MQTT-3.3.2-9]. First come, first aliased: once all aliases are used, other topics go out in full. This
 * favours the topics of a long-lived stream (the common case on the edge) without churning the table.
 */
final class OutboundTopicAliases {
    /** For a client without topic aliases (Topic Alias Maximum 0, every v3 client): shared, it never changes. */
    static final OutboundTopicAliases NONE = new OutboundTopicAliases(0);

    private final int maximum;
    private final Map<String, Integer> aliases;

    private OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
        this.aliases = maximum == 0 ? Map.of() : new HashMap<>();
    }

    static OutboundTopicAliases upTo(int maximum) {
        return maximum == 0 ? NONE : new OutboundTopicAliases(maximum);
    }

    /** The existing alias for the topic as a positive number, a new alias as a negative number, or 0 for none. */
    int aliasFor(String topic) {
        if (maximum == 0) {
            return 0;
        }
        Integer a = aliases.get(topic);
        if (a != null) {
            return a;
        }
        if (aliases.size() >= maximum) {
            return 0;
        }
        int next = aliases.size() + 1;
        aliases.put(topic, next);
        return -next;
    }

    /**
     * Takes back the alias just assigned to {@code topic} when its PUBLISH was not sent (dropped as too
     * large), so the client is never sent an alias it has not learned; the next use assigns it again.
     */
    void forgetNew(String topic, int alias) {
        Integer a = aliases.get(topic);
        if (a != null && a == alias && alias == aliases.size()) {
            aliases.remove(topic);
        }
    }
}
