package io.wrenmq.tools;

/**
 * Topic filter checks for `sub`: a usage error for a malformed filter before connecting, and matching for
 * -T/--filter-out (the client has no trie of its own, and a CLI filter list is short).
 */
final class TopicFilter {
    private TopicFilter() {
    }

    /** '#' only alone as the last level [MQTT-4.7.1-1], '+' only alone in its level [MQTT-4.7.1-2]. */
    static boolean isValid(String filter) {
        if (filter.isEmpty()) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (l.contains("+") && !l.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code topic} matches {@code filter}; wildcards at the first level skip $-topics [MQTT-4.7.2-1]. */
    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a" [MQTT-4.7.1-2]
            }
            if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
