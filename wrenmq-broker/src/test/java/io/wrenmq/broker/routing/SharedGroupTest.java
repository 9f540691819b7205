package io.wrenmq.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SharedGroupTest {
    private final SubscriptionTrie<String> trie = new SubscriptionTrie<>();
    private final Set<String> offline = new HashSet<>();
    private final Predicate<String> online = s -> !offline.contains(s);
    private SharedGroup<String> group;

    @BeforeEach
    void fourMembers() {
        for (String c : new String[] {"m0", "m1", "m2", "m3"}) {
            join(c);
        }
        Recorder<String> r = Recorder.match(trie, "jobs/1");
        assertThat(r.groups).hasSize(1);
        group = r.groups.get(0);
    }

    private void join(String clientId) {
        trie.subscribeShared("workers", "jobs/+", SubscriptionTrieTest.entry(clientId, "$share/workers/jobs/+"));
    }

    private Map<String, Integer> pickMany(SharedSubscriptionStrategy strategy, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(group.pick(strategy, "pub" + i, online).clientId(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinIsFairAndInOrder() {
        assertThat(group.pick(SharedSubscriptionStrategy.ROUND_ROBIN, "p", online).clientId()).isEqualTo("m0");
        assertThat(group.pick(SharedSubscriptionStrategy.ROUND_ROBIN, "p", online).clientId()).isEqualTo("m1");
        assertThat(pickMany(SharedSubscriptionStrategy.ROUND_ROBIN, 4000 - 2).values()).allMatch(c -> c >= 999);
    }

    @Test
    void roundRobinSkipsOfflineMembersAndStaysFair() {
        offline.add("m1");
        Map<String, Integer> counts = pickMany(SharedSubscriptionStrategy.ROUND_ROBIN, 3000);
        assertThat(counts).doesNotContainKey("m1");
        assertThat(counts).containsEntry("m0", 1000).containsEntry("m2", 1000).containsEntry("m3", 1000);
    }

    @ParameterizedTest
    @EnumSource(SharedSubscriptionStrategy.class)
    void everyStrategySkipsOfflineMembers(SharedSubscriptionStrategy strategy) {
        offline.add("m0");
        offline.add("m2");
        assertThat(pickMany(strategy, 400).keySet()).isSubsetOf("m1", "m3");
    }

    @ParameterizedTest
    @EnumSource(SharedSubscriptionStrategy.class)
    void whenAllAreOfflineStillPicksAMember(SharedSubscriptionStrategy strategy) {
        offline.addAll(Set.of("m0", "m1", "m2", "m3"));
        assertThat(pickMany(strategy, 100).keySet()).isNotEmpty().isSubsetOf("m0", "m1", "m2", "m3");
    }

    @Test
    void whenAllAreOfflineRoundRobinStillSpreads() {
        offline.addAll(Set.of("m0", "m1", "m2", "m3"));
        assertThat(pickMany(SharedSubscriptionStrategy.ROUND_ROBIN, 400)).hasSize(4);
    }

    @Test
    void randomUsesEveryOnlineMember() {
        offline.add("m3");
        Map<String, Integer> counts = pickMany(SharedSubscriptionStrategy.RANDOM, 3000);
        assertThat(counts.keySet()).containsExactlyInAnyOrder("m0", "m1", "m2");
        assertThat(counts.values()).allMatch(c -> c > 700);
    }

    @Test
    void stickyStaysWhileOnlineAndMember() {
        String first = group.pick(SharedSubscriptionStrategy.STICKY, "p", online).clientId();
        assertThat(pickMany(SharedSubscriptionStrategy.STICKY, 100)).containsOnlyKeys(first);

        // a re-subscription of the sticky member keeps it
        join(first);
        assertThat(pickMany(SharedSubscriptionStrategy.STICKY, 10)).containsOnlyKeys(first);

        offline.add(first);
        String second = group.pick(SharedSubscriptionStrategy.STICKY, "p", online).clientId();
        assertThat(second).isNotEqualTo(first);
        offline.remove(first); // stays with the new one even when the old one returns
        assertThat(pickMany(SharedSubscriptionStrategy.STICKY, 100)).containsOnlyKeys(second);

        trie.unsubscribeShared("workers", "jobs/+", second);
        String third = group.pick(SharedSubscriptionStrategy.STICKY, "p", online).clientId();
        assertThat(third).isNotEqualTo(second);
        assertThat(pickMany(SharedSubscriptionStrategy.STICKY, 100)).containsOnlyKeys(third);
    }

    @Test
    void hashIsStablePerPublisherAndSpreadsPublishers() {
        Map<String, String> first = new HashMap<>();
        for (int p = 0; p < 200; p++) {
            first.put("pub" + p, group.pick(SharedSubscriptionStrategy.HASH_CLIENTID, "pub" + p, online).clientId());
        }
        for (int round = 0; round < 5; round++) {
            for (int p = 0; p < 200; p++) {
                assertThat(group.pick(SharedSubscriptionStrategy.HASH_CLIENTID, "pub" + p, online).clientId())
                        .isEqualTo(first.get("pub" + p));
            }
        }
        assertThat(new HashSet<>(first.values())).hasSize(4);
        assertThat(group.pick(SharedSubscriptionStrategy.HASH_CLIENTID, null, online)).isNotNull();
    }

    @Test
    void singleMemberAndEmptyGroup() {
        for (String c : new String[] {"m1", "m2", "m3"}) {
            trie.unsubscribeShared("workers", "jobs/+", c);
        }
        offline.add("m0");
        for (SharedSubscriptionStrategy s : SharedSubscriptionStrategy.values()) {
            assertThat(group.pick(s, "p", online).clientId()).isEqualTo("m0");
        }
        trie.unsubscribeShared("workers", "jobs/+", "m0");
        for (SharedSubscriptionStrategy s : SharedSubscriptionStrategy.values()) {
            assertThat(group.pick(s, "p", online)).isNull();
        }
        assertThat(trie.sharedGroupCount()).isZero();
        assertThat(trie.nodeCount()).isZero();
    }
}
