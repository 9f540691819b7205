package io.wrenmq.broker.limits;

/** Counting the levels of a topic name or filter ("a/b/c" has 3, "a/" has 2, "" has 1), without allocating. */
public final class TopicLevels {
    private TopicLevels() {
    }

    public static int count(String topic) {
        int levels = 1;
        for (int i = 0, n = topic.length(); i < n; i++) {
            if (topic.charAt(i) == '/') {
                levels++;
            }
        }
        return levels;
    }
}
