package io.wrenmq.bench;

import io.wrenmq.broker.routing.MatchSink;
import io.wrenmq.broker.routing.SharedGroup;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.routing.SubscriptionTrie;
import io.wrenmq.codec.Subscription;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link SubscriptionTrie#match} throughput for an IoT-shaped subscription set of 100 subscriptions per site:
 * 70% exact device filters ({@code site/S/dev/D/temp}), 30% wildcard filters of the site's consumers
 * ({@code site/S/dev/+/temp}, {@code site/S/+/D/#}, {@code site/S/#}), plus two global ones ({@code #},
 * {@code $SYS/#}). Topics are the devices' telemetry topics, visited in a fixed random order; each match delivers
 * about 22 entries (the {@code deliveries} counter reports them).
 *
 * <p>Run: {@code java -jar wrenmq-bench/target/benchmarks.jar TopicTrieBenchmark -prof gc}; the gc profiler
 * should show ~0 B/op (match() allocates nothing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopicTrieBenchmark {
    private static final int TOPICS = 1 << 14;

    /** Total subscriptions. */
    @Param({"10000", "100000"})
    int subscriptions;

    private SubscriptionTrie<Object> trie;
    private String[] topics;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        trie = new SubscriptionTrie<>();
        int sites = Math.max(1, subscriptions / 100);
        int devices = subscriptions * 7 / 10; // 70% exact filters, one per device
        for (int d = 0; d < devices; d++) {
            subscribe("c" + d, "site/" + (d % sites) + "/dev/" + d + "/temp");
        }
        int rest = subscriptions - devices; // 20% '+' filters, 10% '#' filters
        for (int i = 0; i < rest; i++) {
            int site = random.nextInt(sites);
            String filter = switch (i % 3) {
                case 0 -> "site/" + site + "/dev/+/temp";
                case 1 -> "site/" + site + "/+/" + (site + sites * random.nextInt(devices / sites)) + "/#";
                default -> "site/" + site + "/#";
            };
            subscribe("w" + i, filter);
        }
        subscribe("monitor", "#");
        subscribe("sys", "$SYS/#");
        topics = new String[TOPICS];
        for (int i = 0; i < TOPICS; i++) {
            int d = random.nextInt(devices);
            topics[i] = "site/" + (d % sites) + "/dev/" + d + "/temp";
        }
    }

    private void subscribe(String clientId, String filter) {
        trie.subscribe(filter, new SubscriptionEntry<>(clientId, clientId, new Subscription(filter, 1), 0));
    }

    /** A reusable sink, as an event loop would hold one; counts the deliveries. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Sink implements MatchSink<Object> {
        Blackhole blackhole;
        int index;
        /** Entries and groups delivered; divided by the ops count it is the fan-out per match. */
        public long deliveries;

        @Setup(Level.Iteration)
        public void setUp(Blackhole bh) {
            blackhole = bh;
        }

        @Override
        public void onSubscription(SubscriptionEntry<Object> entry) {
            deliveries++;
            blackhole.consume(entry);
        }

        @Override
        public void onSharedGroup(SharedGroup<Object> group) {
            deliveries++;
            blackhole.consume(group);
        }
    }

    /** One match of one topic (ops/µs; µs per match = 1 / score). */
    @Benchmark
    public void match(Sink sink) {
        trie.match(topics[sink.index++ & (TOPICS - 1)], sink);
    }

    /** A '$' topic: root wildcards are skipped, so this is the cheap path. */
    @Benchmark
    public void matchSys(Sink sink) {
        trie.match("$SYS/broker/uptime", sink);
    }
}
