package io.wrenmq.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wrenmq.codec.Subscription;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class SubscriptionTrieTest {
    private final SubscriptionTrie<String> trie = new SubscriptionTrie<>();

    static SubscriptionEntry<String> entry(String clientId, String filter) {
        return entry(clientId, filter, 0);
    }

    static SubscriptionEntry<String> entry(String clientId, String filter, int qos) {
        return new SubscriptionEntry<>(clientId, clientId, new Subscription(filter, qos), 0);
    }

    private void sub(String clientId, String filter) {
        trie.subscribe(filter, entry(clientId, filter));
    }

    @Test
    void exactAndWildcardMatches() {
        sub("c1", "sport/tennis/player1");
        sub("c2", "sport/tennis/+");
        sub("c3", "sport/#");
        sub("c4", "#");
        sub("c5", "+/+");
        sub("c6", "sport/tennis/player1/#");
        sub("c7", "other");

        assertThat(Recorder.match(trie, "sport/tennis/player1").entryKeys()).containsExactly(
                "c1@sport/tennis/player1", "c2@sport/tennis/+", "c3@sport/#", "c4@#", "c6@sport/tennis/player1/#");
        assertThat(Recorder.match(trie, "sport").entryKeys()).containsExactly("c3@sport/#", "c4@#");
        assertThat(Recorder.match(trie, "sport/x").entryKeys()).containsExactly("c3@sport/#", "c4@#", "c5@+/+");
        assertThat(Recorder.match(trie, "nothing/here/at/all").entryKeys()).containsExactly("c4@#");
    }

    @Test
    void sportHashMatchesSport_section_4_7_1_2() {
        sub("c", "sport/#");
        assertThat(Recorder.match(trie, "sport").entryKeys()).containsExactly("c@sport/#");
        assertThat(Recorder.match(trie, "sport/").entryKeys()).containsExactly("c@sport/#");
        assertThat(Recorder.match(trie, "sports").entries).isEmpty();
    }

    @Test
    void emptyLevels() {
        sub("pp", "+/+");
        sub("sp", "/+");
        sub("p", "+");
        sub("abb", "a//b");
        sub("apb", "a/+/b");
        assertThat(Recorder.match(trie, "/finance").entryKeys()).containsExactly("pp@+/+", "sp@/+");
        assertThat(Recorder.match(trie, "a//b").entryKeys()).containsExactly("abb@a//b", "apb@a/+/b");
        assertThat(Recorder.match(trie, "a/b").entryKeys()).containsExactly("pp@+/+");
        assertThat(Recorder.match(trie, "/").entryKeys()).containsExactly("pp@+/+", "sp@/+");
    }

    @Test
    void dollarTopicsSkipRootWildcards_MQTT_4_7_2_1() {
        sub("hash", "#");
        sub("plus", "+/broker/uptime");
        sub("plushash", "+/#");
        sub("sys", "$SYS/#");
        sub("sysplus", "$SYS/+/uptime");
        sub("exact", "$SYS/broker/uptime");
        assertThat(Recorder.match(trie, "$SYS/broker/uptime").entryKeys())
                .containsExactly("exact@$SYS/broker/uptime", "sys@$SYS/#", "sysplus@$SYS/+/uptime");
        assertThat(Recorder.match(trie, "$SYS").entryKeys()).containsExactly("sys@$SYS/#");
        // only the first character counts
        assertThat(Recorder.match(trie, "a/$SYS").entryKeys()).containsExactly("hash@#", "plushash@+/#");
    }

    @Test
    void overlappingSubscriptionsAreReportedPerEntry() {
        sub("c1", "a/+");
        sub("c1", "a/#");
        sub("c1", "a/b");
        sub("c2", "a/b");
        assertThat(Recorder.match(trie, "a/b").entryKeys()).containsExactly("c1@a/#", "c1@a/+", "c1@a/b", "c2@a/b");
    }

    @Test
    void subscribeReplacesTheClientsSubscription_MQTT_3_8_4_3() {
        SubscriptionEntry<String> first = entry("c1", "a/b", 0);
        SubscriptionEntry<String> second = entry("c1", "a/b", 2);
        assertThat(trie.subscribe("a/b", first)).isNull();
        assertThat(trie.subscribe("a/b", second)).isSameAs(first);
        assertThat(trie.subscriptionCount()).isEqualTo(1);
        assertThat(Recorder.match(trie, "a/b").entries).containsExactly(second);
    }

    @Test
    void unsubscribeRemovesOnlyThatClientAndPrunes() {
        sub("c1", "a/b/c");
        sub("c2", "a/b/c");
        sub("c3", "a/+/#");
        int nodes = trie.nodeCount();
        assertThat(nodes).isEqualTo(5); // a, b, c, +, #
        assertThat(trie.unsubscribe("a/b/c", "nobody")).isNull();
        assertThat(trie.unsubscribe("a/x", "c1")).isNull();
        assertThat(trie.unsubscribe("a/b/c", "c1").clientId()).isEqualTo("c1");
        assertThat(trie.unsubscribe("a/b/c", "c1")).isNull();
        assertThat(trie.nodeCount()).isEqualTo(5);
        assertThat(Recorder.match(trie, "a/b/c").entryKeys()).containsExactly("c2@a/b/c", "c3@a/+/#");
        trie.unsubscribe("a/b/c", "c2");
        assertThat(trie.nodeCount()).isEqualTo(3); // b and c pruned, a kept for a/+/#
        trie.unsubscribe("a/+/#", "c3");
        assertThat(trie.nodeCount()).isZero();
        assertThat(trie.subscriptionCount()).isZero();
        assertThat(Recorder.match(trie, "a/b/c").entries).isEmpty();
    }

    @Test
    void churnLeavesNoNodesBehind() {
        sub("keep", "keep/this");
        int base = trie.nodeCount();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 500; i++) {
                sub("c" + i, "churn/" + (i % 37) + "/+/x" + i + "/#");
                trie.subscribeShared("g" + (i % 3), "churn/" + i, entry("c" + i, "$share/g/churn/" + i));
            }
            for (int i = 0; i < 500; i++) {
                assertThat(trie.unsubscribe("churn/" + (i % 37) + "/+/x" + i + "/#", "c" + i)).isNotNull();
                assertThat(trie.unsubscribeShared("g" + (i % 3), "churn/" + i, "c" + i)).isNotNull();
            }
            assertThat(trie.nodeCount()).isEqualTo(base);
        }
        assertThat(trie.subscriptionCount()).isEqualTo(1);
        assertThat(trie.sharedGroupCount()).isZero();
    }

    @Test
    void sharedGroupsAreReportedOncePerGroupAndFilter() {
        trie.subscribeShared("g1", "a/+", entry("c1", "$share/g1/a/+"));
        trie.subscribeShared("g1", "a/+", entry("c2", "$share/g1/a/+"));
        trie.subscribeShared("g2", "a/+", entry("c3", "$share/g2/a/+"));
        trie.subscribeShared("g1", "a/#", entry("c1", "$share/g1/a/#"));
        trie.subscribeShared("$queue", "a/b", entry("c4", "$queue/a/b"));
        sub("c1", "a/b");

        Recorder<String> r = Recorder.match(trie, "a/b");
        assertThat(r.groupKeys()).containsExactly("$queue@a/b", "g1@a/#", "g1@a/+", "g2@a/+");
        assertThat(r.entryKeys()).containsExactly("c1@a/b");
        SharedGroup<String> g1 = r.groups.stream().filter(g -> g.group().equals("g1") && g.filter().equals("a/+"))
                .findFirst().orElseThrow();
        assertThat(g1.members()).extracting(SubscriptionEntry::clientId).containsExactly("c1", "c2");
        assertThat(trie.subscriptionCount()).isEqualTo(6);
        assertThat(trie.sharedGroupCount()).isEqualTo(4);

        // re-subscribing replaces the membership in place, keeping the member order
        assertThat(trie.subscribeShared("g1", "a/+", entry("c1", "$share/g1/a/+", 2))).isNotNull();
        assertThat(trie.subscriptionCount()).isEqualTo(6);
        assertThat(g1.members()).extracting(e -> e.options().qos()).containsExactly(2, 0);

        assertThat(trie.unsubscribeShared("g1", "a/+", "c1")).isNotNull();
        assertThat(trie.unsubscribeShared("g1", "a/+", "c2")).isNotNull();
        assertThat(trie.sharedGroupCount()).isEqualTo(3);
        assertThat(g1.pick(SharedSubscriptionStrategy.ROUND_ROBIN, "p", null)).isNull();
        assertThat(Recorder.match(trie, "a/b").groupKeys()).containsExactly("$queue@a/b", "g1@a/#", "g2@a/+");
        assertThat(trie.unsubscribeShared("nope", "a/+", "c3")).isNull();
    }

    @Test
    void snapshotListsEveryEntry() {
        sub("c1", "a/b");
        sub("c2", "+/b");
        sub("c3", "#");
        trie.subscribeShared("g", "a/#", entry("c4", "$share/g/a/#"));
        assertThat(trie.snapshot()).extracting(SubscriptionEntry::clientId)
                .containsExactlyInAnyOrder("c1", "c2", "c3", "c4");
    }

    @Test
    void rejectsInvalidFilters() {
        assertThatThrownBy(() -> sub("c", "a/#/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MQTT-4.7.1-1");
        assertThatThrownBy(() -> sub("c", "a+")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sub("c", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(trie.nodeCount()).isZero();
    }

    @Test
    void matchAllocatesNothingInSteadyState() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot allocation counters");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        for (int i = 0; i < 200; i++) {
            sub("c" + i, "site/" + (i % 10) + "/dev/" + i + "/temp");
            sub("w" + i, "site/" + (i % 10) + "/+/" + i + "/#");
        }
        sub("all", "#");
        trie.subscribeShared("g", "site/+/dev/+/temp", entry("s1", "$share/g/site/+/dev/+/temp"));
        String[] topics = new String[200];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = "site/" + (i % 10) + "/dev/" + i + "/temp";
        }
        int[] count = new int[1];
        MatchSink<String> sink = new MatchSink<>() {
            @Override
            public void onSubscription(SubscriptionEntry<String> e) {
                count[0]++;
            }

            @Override
            public void onSharedGroup(SharedGroup<String> g) {
                count[0]++;
            }
        };
        for (int i = 0; i < 50_000; i++) { // warm up (JIT)
            trie.match(topics[i % topics.length], sink);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            trie.match(topics[i % topics.length], sink);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(count[0]).isEqualTo(150_000 * 4);
        // a few hundred bytes of measurement noise at most, against ≥ 100 000 × 24 bytes if match() allocated
        assertThat(allocated).as("bytes allocated by 100k matches").isLessThan(10_000);
    }
}
