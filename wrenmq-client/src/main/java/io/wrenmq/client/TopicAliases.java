package io.wrenmq.client;

import java.util.HashMap;
import java.util.Map;

/**
 * The topic aliases of one network connection in one direction; they do not survive it [MQTT-3.3.2-7].
 * Outbound, first come first aliased up to the server's Topic Alias Maximum [MQTT-3.3.2-8]: a long-lived
 * stream of a few topics (the usual edge and bridge case) then sends each topic name once. Inbound, the
 * server may use aliases 1..our Topic Alias Maximum [MQTT-3.3.2-10]. Event-loop confined.
 */
final class TopicAliases {
    private final int maximum;
    private final Map<String, Integer> byTopic = new HashMap<>();
    private final String[] byAlias;

    TopicAliases(int maximum) {
        this.maximum = maximum;
        this.byAlias = new String[maximum + 1];
    }

    /** Outbound: the alias already known to the server as a positive number, a new one as negative, 0 for none. */
    int aliasFor(String topic) {
        if (maximum == 0) {
            return 0;
        }
        Integer a = byTopic.get(topic);
        if (a != null) {
            return a;
        }
        if (byTopic.size() >= maximum) {
            return 0;
        }
        int next = byTopic.size() + 1;
        byTopic.put(topic, next);
        byAlias[next] = topic;
        return -next;
    }

    /** Outbound: takes back a new alias whose PUBLISH was not sent, so the server never sees it unassigned. */
    void forgetNew(String topic, int alias) {
        if (alias == byTopic.size() && Integer.valueOf(alias).equals(byTopic.get(topic))) {
            byTopic.remove(topic);
            byAlias[alias] = null;
        }
    }

    /** Inbound: whether the server may use this alias at all. */
    boolean isValid(int alias) {
        return alias >= 1 && alias <= maximum;
    }

    /** Inbound: a PUBLISH with a topic name and an alias (re)defines the alias (section 3.3.2.3.4). */
    void define(int alias, String topic) {
        byAlias[alias] = topic;
    }

    /** Inbound: the topic an alias stands for, or null when the server never defined it. */
    String resolve(int alias) {
        return byAlias[alias];
    }
}
