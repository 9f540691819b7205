package io.wrenmq.tools;

/**
 * Topic filter matching for `sub -T/--filter-out` (the client has no trie of its own, and a CLI filter list is
 * short). Whether a filter is valid is decided by the codec's TopicSyntax, before connecting.
 */
final class TopicFilter {
    private TopicFilter() {
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
