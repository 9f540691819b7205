package io.wrenmq.broker.routing;

import io.wrenmq.codec.TopicSyntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.RepeatedTest;

/** Compares the trie with a brute force over {@link TopicFilters#matches}, on random filters and topics. */
class SubscriptionTrieRandomizedTest {

    @RepeatedTest(25)
    void matchEqualsBruteForce() {
        long seed = ThreadLocalRandom.current().nextLong();
        Random random = new Random(seed);
        RandomTopics gen = new RandomTopics(random);
        SubscriptionTrie<String> trie = new SubscriptionTrie<>();
        // model: "clientId filter" -> filter (plain) and "group clientId filter" -> group@filter (shared)
        Map<String, String> plain = new HashMap<>();
        Map<String, String[]> shared = new HashMap<>();

        for (int op = 0; op < 600; op++) {
            String filter = gen.filter();
            String client = "c" + random.nextInt(20);
            String group = "g" + random.nextInt(3);
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    trie.subscribe(filter, SubscriptionTrieTest.entry(client, filter));
                    plain.put(client + " " + filter, filter);
                }
                case 2 -> {
                    trie.subscribeShared(group, filter,
                            SubscriptionTrieTest.entry(client, "$share/" + group + "/" + filter));
                    shared.put(group + " " + client + " " + filter, new String[] {group, filter});
                }
                default -> {
                    // unsubscribe something that exists (or not)
                    if (!plain.isEmpty() && random.nextBoolean()) {
                        String key = new ArrayList<>(plain.keySet()).get(random.nextInt(plain.size()));
                        String[] parts = key.split(" ", 2);
                        assertThat(trie.unsubscribe(parts[1], parts[0])).as("seed %d", seed).isNotNull();
                        plain.remove(key);
                    } else if (!shared.isEmpty()) {
                        String key = new ArrayList<>(shared.keySet()).get(random.nextInt(shared.size()));
                        String[] parts = key.split(" ", 3);
                        assertThat(trie.unsubscribeShared(parts[0], parts[2], parts[1])).as("seed %d", seed)
                                .isNotNull();
                        shared.remove(key);
                    }
                }
            }
        }
        assertThat(trie.subscriptionCount()).as("seed %d", seed).isEqualTo(plain.size() + shared.size());

        for (int i = 0; i < 300; i++) {
            String topic = gen.topic();
            List<String> expectedEntries = new ArrayList<>();
            plain.forEach((key, filter) -> {
                if (TopicSyntax.matches(filter, topic)) {
                    expectedEntries.add(key.split(" ", 2)[0] + "@" + filter);
                }
            });
            List<String> expectedGroups = shared.values().stream()
                    .filter(gf -> TopicSyntax.matches(gf[1], topic)).map(gf -> gf[0] + "@" + gf[1])
                    .distinct().toList();
            Recorder<String> r = Recorder.match(trie, topic);
            assertThat(r.entryKeys()).as("seed %d topic '%s'", seed, topic)
                    .containsExactlyElementsOf(expectedEntries.stream().sorted().toList());
            assertThat(r.groupKeys()).as("seed %d topic '%s'", seed, topic)
                    .containsExactlyElementsOf(expectedGroups.stream().sorted().toList());
        }

        // removing everything prunes every node
        plain.keySet().forEach(key -> trie.unsubscribe(key.split(" ", 2)[1], key.split(" ", 2)[0]));
        shared.keySet().forEach(key -> {
            String[] p = key.split(" ", 3);
            trie.unsubscribeShared(p[0], p[2], p[1]);
        });
        assertThat(trie.nodeCount()).as("seed %d", seed).isZero();
        assertThat(trie.subscriptionCount()).as("seed %d", seed).isZero();
        assertThat(trie.sharedGroupCount()).as("seed %d", seed).isZero();
    }
}
