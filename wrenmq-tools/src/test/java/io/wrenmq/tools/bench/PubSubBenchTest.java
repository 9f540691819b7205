package io.wrenmq.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wrenmq.broker.WrenBroker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** `wrenmq bench pubsub` against a real broker on a loopback ephemeral port. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PubSubBenchTest {
    static WrenBroker broker;

    @BeforeAll
    static void start() {
        broker = BenchCli.broker();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static BenchCli pubsub(String... args) {
        return pubsubAfterWarmup("0s", args);
    }

    private static BenchCli pubsubAfterWarmup(String warmup, String... args) {
        String[] base = {"pubsub", "-p", Integer.toString(broker.port()), "--json", "--threads", "2", "--warmup", warmup};
        String[] all = new String[base.length + args.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        BenchCli r = BenchCli.run(all);
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @Test
    void closedLoopQos0FanIn() {
        BenchCli r = pubsub("--pubs", "4", "--subs", "1", "--pub-topic", "q0/%i", "--sub-topic", "q0/#",
                "-q", "0", "-d", "1s");
        assertThat(r.out().trim()).startsWith("{\"mode\":\"pubsub\",\"pubs\":4,\"subs\":1,\"qos\":0,\"size\":64,"
                + "\"duration_s\":").endsWith("}").doesNotContain("\n");
        assertThat(r.count("received")).isPositive();
        assertThat(r.num("received_per_s")).isPositive();
        assertThat(r.count("duplicates")).isZero();
        assertThat(r.count("errors")).isZero();
        // QoS 0 may be dropped by a congested broker, but every message is either received or counted lost.
        assertThat(r.count("received") + r.count("lost")).isEqualTo(r.count("sent"));
        assertThat(r.num("latency_us.p50")).isPositive().isLessThanOrEqualTo(r.num("latency_us.p99"));
        assertThat(r.num("latency_us.p999")).isLessThanOrEqualTo(r.num("latency_us.max"));
        assertThat(r.err()).contains("t=1s sent/s=").contains("recv/s=").contains("inflight=").contains("lat_p99_us=");
    }

    @Test
    void closedLoopQos1LosesNothing() {
        BenchCli r = pubsub("--pubs", "3", "--subs", "1", "--pub-topic", "q1/%i", "--sub-topic", "q1/#",
                "-q", "1", "-d", "1s", "--window", "50");
        assertThat(r.count("received")).isPositive().isEqualTo(r.count("sent"));
        assertThat(r.count("lost")).isZero();
        assertThat(r.count("duplicates")).isZero();
        assertThat(r.count("errors")).isZero();
    }

    @Test
    void qos2OverMqtt311WithALimit() {
        BenchCli r = pubsub("--pubs", "2", "--subs", "1", "--pub-topic", "q2/%i", "--sub-topic", "q2/+",
                "-q", "2", "-V", "311", "-L", "300");
        assertThat(r.count("sent")).isEqualTo(600);
        assertThat(r.count("received")).isEqualTo(600);
        assertThat(r.count("lost")).isZero();
        assertThat(r.count("duplicates")).isZero();
    }

    @Test
    void fixedRateIsPacedNotFlooded() {
        BenchCli r = pubsubAfterWarmup("1s", "--pubs", "5", "--subs", "1", "--pub-topic", "rate/%i",
                "--sub-topic", "rate/#", "-q", "1", "--rate", "500", "-d", "2s");
        // Pacing must never overshoot the asked rate (closed loop here would do tens of thousands a second).
        // The lower bound is loose on purpose: this is a functional test on a shared CI machine, with the
        // in-process broker under Netty's paranoid leak detector, not a benchmark.
        assertThat(r.num("sent_per_s")).as(r.err() + r.out()).isBetween(300.0, 575.0);
        assertThat(r.num("received_per_s")).as(r.err() + r.out()).isBetween(300.0, 575.0);
        assertThat(r.num("rate")).isEqualTo(500);
        assertThat(r.count("lost")).isZero();
    }

    @Test
    void fanOutDeliversOneCopyPerSubscriber() {
        BenchCli r = pubsub("--pubs", "1", "--subs", "4", "--pub-topic", "fan/0", "--sub-topic", "fan/0",
                "-q", "1", "-L", "500");
        assertThat(r.count("sent")).isEqualTo(500);
        assertThat(r.count("received")).isEqualTo(2000);
        assertThat(r.count("lost")).isZero();
        assertThat(r.count("duplicates")).isZero();
    }

    @Test
    void pairsWithIndexedTopicsOnBothSides() {
        BenchCli r = pubsub("--pubs", "6", "--subs", "6", "--pub-topic", "pair/%i", "--sub-topic", "pair/%i",
                "-q", "1", "-d", "1s", "-s", "128");
        assertThat(r.count("sent")).isPositive().isEqualTo(r.count("received"));
        assertThat(r.count("lost")).isZero();
        assertThat(r.count("size")).isEqualTo(128);
    }

    @Test
    void textSummaryWithoutJson() {
        BenchCli r = BenchCli.run("pubsub", "-p", Integer.toString(broker.port()), "--warmup", "0s", "-L", "100",
                "--pub-topic", "txt/%i", "--sub-topic", "txt/#");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("pubsub: 1 publishers, 1 subscribers, QoS 0").contains("sent      100")
                .contains("received  100").contains("latency   p50").contains("lost 0, duplicates 0, errors 0");
    }
}
