package io.wrenmq.broker.routing;

import io.wrenmq.codec.TopicSyntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.codec.Properties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class MemoryRetainedStoreTest {
    private static final long NOW = 1_000_000L;
    private final MemoryRetainedStore store = new MemoryRetainedStore();

    static RetainedMessage msg(String topic, String payload) {
        return msg(topic, payload, 0);
    }

    static RetainedMessage msg(String topic, String payload, long expiryAt) {
        return new RetainedMessage(topic, 1, payload.getBytes(StandardCharsets.UTF_8), Properties.EMPTY, NOW,
                expiryAt, "pub");
    }

    private List<String> match(String filter) {
        return match(filter, NOW);
    }

    private List<String> match(String filter, long now) {
        List<String> topics = new ArrayList<>();
        store.match(filter, now, m -> topics.add(m.topic()));
        return topics.stream().sorted().toList();
    }

    @Test
    void setReplaceAndClearWithEmptyPayload_MQTT_3_3_1_5_to_7() {
        store.put(msg("a/b", "one"));
        assertThat(new String(store.get("a/b").payload(), StandardCharsets.UTF_8)).isEqualTo("one");
        store.put(msg("a/b", "two")); // replaces [MQTT-3.3.1-5]
        assertThat(new String(store.get("a/b").payload(), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(store.size()).isEqualTo(1);
        store.put(msg("a/b", "")); // removes, and is not stored itself [MQTT-3.3.1-6, MQTT-3.3.1-7]
        assertThat(store.get("a/b")).isNull();
        assertThat(store.size()).isZero();
        assertThat(store.nodeCount()).isZero();
        store.put(msg("a/c", "")); // clearing nothing stores nothing
        assertThat(store.size()).isZero();
        assertThat(store.nodeCount()).isZero();
    }

    @Test
    void removeAndPrune() {
        store.put(msg("a/b/c", "x"));
        store.put(msg("a", "y"));
        assertThat(store.nodeCount()).isEqualTo(3);
        assertThat(store.remove("a/b/c")).isTrue();
        assertThat(store.remove("a/b/c")).isFalse();
        assertThat(store.remove("a/b")).isFalse();
        assertThat(store.nodeCount()).isEqualTo(1);
        assertThat(store.remove("a")).isTrue();
        assertThat(store.nodeCount()).isZero();
    }

    @Test
    void wildcardLookup() {
        for (String t : new String[] {"sport", "sport/tennis", "sport/tennis/player1", "sport/golf", "sport/",
            "/finance", "a//b", "other"}) {
            store.put(msg(t, "p"));
        }
        assertThat(match("sport/#")).containsExactly("sport", "sport/", "sport/golf", "sport/tennis",
                "sport/tennis/player1");
        assertThat(match("sport/+")).containsExactly("sport/", "sport/golf", "sport/tennis");
        assertThat(match("+/+")).containsExactly("/finance", "sport/", "sport/golf", "sport/tennis");
        assertThat(match("+")).containsExactly("other", "sport");
        assertThat(match("a/+/b")).containsExactly("a//b");
        assertThat(match("sport/tennis")).containsExactly("sport/tennis");
        assertThat(match("sport/tennis/+/#")).containsExactly("sport/tennis/player1");
        assertThat(match("nothing/#")).isEmpty();
        assertThat(match("#")).hasSize(8);
    }

    @Test
    void dollarTopicsOnlyForFiltersNotStartingWithWildcards_MQTT_4_7_2_1() {
        store.put(msg("$SYS/broker/uptime", "1"));
        store.put(msg("$SYS", "0"));
        store.put(msg("normal", "2"));
        assertThat(match("#")).containsExactly("normal");
        assertThat(match("+/broker/uptime")).isEmpty();
        assertThat(match("+")).containsExactly("normal");
        assertThat(match("$SYS/#")).containsExactly("$SYS", "$SYS/broker/uptime");
        assertThat(match("$SYS/+/uptime")).containsExactly("$SYS/broker/uptime");
    }

    @Test
    void expiryHidesAndPurgeRemoves() {
        store.put(msg("a/1", "x", NOW + 10));
        store.put(msg("a/2", "x", NOW + 20));
        store.put(msg("a/3", "x"));
        assertThat(store.get("a/1").isExpired(NOW + 10)).isTrue();
        assertThat(store.get("a/1").isExpired(NOW + 9)).isFalse();
        assertThat(store.get("a/3").isExpired(Long.MAX_VALUE)).isFalse();
        assertThat(match("a/#", NOW + 15)).containsExactly("a/2", "a/3");
        assertThat(match("a/1", NOW + 15)).isEmpty();
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.purgeExpired(NOW + 15)).isEqualTo(1);
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get("a/1")).isNull();
        assertThat(store.purgeExpired(NOW + 100)).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.nodeCount()).isEqualTo(2);
    }

    @RepeatedTest(10)
    void matchEqualsBruteForce() {
        long seed = ThreadLocalRandom.current().nextLong();
        Random random = new Random(seed);
        RandomTopics gen = new RandomTopics(random);
        Map<String, Boolean> model = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String t = gen.topic();
            if (random.nextInt(4) == 0) {
                store.remove(t);
                model.remove(t);
            } else {
                store.put(msg(t, "p"));
                model.put(t, true);
            }
        }
        assertThat(store.size()).as("seed %d", seed).isEqualTo(model.size());
        for (int i = 0; i < 200; i++) {
            String filter = gen.filter();
            List<String> expected = model.keySet().stream().filter(t -> TopicSyntax.matches(filter, t)).sorted()
                    .toList();
            assertThat(match(filter)).as("seed %d filter '%s'", seed, filter).containsExactlyElementsOf(expected);
        }
        model.keySet().forEach(store::remove);
        assertThat(store.nodeCount()).as("seed %d", seed).isZero();
    }
}
