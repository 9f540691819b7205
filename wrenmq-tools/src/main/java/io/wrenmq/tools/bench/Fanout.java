package io.wrenmq.tools.bench;

import io.wrenmq.codec.TopicSyntax;

import java.util.ArrayList;
import java.util.List;

/** Who should get whose messages in pubsub: computed from the topics and filters, as the broker routes. */
final class Fanout {
    private Fanout() {
    }

    /** For each subscriber, the indexes of the publishers whose topic its filter matches. */
    static int[][] expectedPublishers(List<String> topics, List<String> filters) {
        int[][] expected = new int[filters.size()][];
        for (int j = 0; j < filters.size(); j++) {
            List<Integer> match = new ArrayList<>();
            for (int i = 0; i < topics.size(); i++) {
                if (TopicSyntax.matches(filters.get(j), topics.get(i))) {
                    match.add(i);
                }
            }
            expected[j] = match.stream().mapToInt(Integer::intValue).toArray();
        }
        return expected;
    }

    /** For each publisher, how many subscribers get its messages. */
    static int[] fanout(int publishers, int[][] expected) {
        int[] fanout = new int[publishers];
        for (int[] pubs : expected) {
            for (int i : pubs) {
                fanout[i]++;
            }
        }
        return fanout;
    }
}
