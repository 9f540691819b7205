package io.wrenmq.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.codec.TopicSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Writers and matchers at once: matches never miss stable subscriptions, and the final state is exact. */
class SubscriptionTrieConcurrencyTest {
    private static final long RUN_MILLIS = 1_500;

    private final SubscriptionTrie<String> trie = new SubscriptionTrie<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private Thread start(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        t.start();
        return t;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void churnWhileMatching() throws InterruptedException {
        // stable subscriptions share paths with the churned ones, so prunes run right next to them
        trie.subscribe("s/a/b", SubscriptionTrieTest.entry("stable1", "s/a/b"));
        trie.subscribe("s/+/b/#", SubscriptionTrieTest.entry("stable2", "s/+/b/#"));
        trie.subscribeShared("g", "s/a/+", SubscriptionTrieTest.entry("stable3", "$share/g/s/a/+"));
        int baseNodes = trie.nodeCount();
        String[] filters = {"s/a/b", "s/a/b/c", "s/+/b", "s/#", "s/a/+/d", "t/#", "s/a/b/c/d", "+/a/b"};
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong matches = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);

        for (int w = 0; w < 3; w++) {
            String client = "w" + w;
            threads.add(start(client, () -> {
                await(go);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    String f = filters[random.nextInt(filters.length)];
                    if (random.nextBoolean()) {
                        trie.subscribe(f, SubscriptionTrieTest.entry(client, f));
                        // a completed subscribe is visible to the next match [no lost node]
                        if (!TopicSyntax.hasWildcard(f)) {
                            assertThat(Recorder.match(trie, f).entryKeys()).contains(client + "@" + f);
                        }
                        trie.subscribeShared("g", f, SubscriptionTrieTest.entry(client, "$share/g/" + f));
                    } else {
                        trie.unsubscribe(f, client);
                        trie.unsubscribeShared("g", f, client);
                    }
                }
                for (String f : filters) { // leave nothing behind
                    trie.unsubscribe(f, client);
                    trie.unsubscribeShared("g", f, client);
                }
            }));
        }
        for (int m = 0; m < 2; m++) {
            threads.add(start("m" + m, () -> {
                await(go);
                while (!stop.get()) {
                    Recorder<String> r = Recorder.match(trie, "s/a/b");
                    assertThat(r.entryKeys()).contains("stable1@s/a/b", "stable2@s/+/b/#");
                    assertThat(r.groups).anySatisfy(g -> assertThat(g.filter()).isEqualTo("s/a/+"));
                    matches.incrementAndGet();
                }
            }));
        }
        go.countDown();
        Thread.sleep(RUN_MILLIS);
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }

        assertThat(failures).isEmpty();
        assertThat(matches.get()).isPositive();
        assertThat(trie.subscriptionCount()).isEqualTo(3);
        assertThat(trie.sharedGroupCount()).isEqualTo(1);
        assertThat(trie.nodeCount()).isEqualTo(baseNodes);
        assertThat(trie.snapshot()).extracting(SubscriptionEntry::clientId)
                .containsExactlyInAnyOrder("stable1", "stable2", "stable3");
        assertThat(Recorder.match(trie, "s/a/b").entryKeys()).containsExactly("stable1@s/a/b", "stable2@s/+/b/#");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void subscribeRacingWithPruneOfTheSamePathIsNeverLost() throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String client = "c" + w;
            threads.add(start(client, () -> {
                await(go);
                for (int i = 0; i < 20_000; i++) {
                    String f = "x/y/z" + (i & 1);
                    trie.subscribe(f, SubscriptionTrieTest.entry(client, f));
                    assertThat(Recorder.match(trie, f).entryKeys()).contains(client + "@" + f);
                    assertThat(trie.unsubscribe(f, client)).isNotNull();
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(20_000);
        }
        assertThat(failures).isEmpty();
        assertThat(trie.subscriptionCount()).isZero();
        assertThat(trie.nodeCount()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
