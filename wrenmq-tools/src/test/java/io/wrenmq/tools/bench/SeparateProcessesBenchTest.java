package io.wrenmq.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.WrenBroker;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** `bench sub` and `bench pub` as separate invocations (threads here, processes in real use), and `bench conn`. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SeparateProcessesBenchTest {
    static WrenBroker broker;

    @BeforeAll
    static void start() {
        broker = BenchCli.broker();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static String port() {
        return Integer.toString(broker.port());
    }

    @Test
    void subCountsWhatPubSends() throws Exception {
        StringWriter subErr = new StringWriter();
        CompletableFuture<BenchCli> sub = CompletableFuture.supplyAsync(() -> BenchCli.run(new StringWriter(), subErr,
                "sub", "-p", port(), "-c", "2", "-t", "sep/#", "-q", "1", "-L", "1000", "-d", "15s", "--warmup", "0s",
                "--json"));
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> subErr.toString().contains("waiting for messages"));
        BenchCli pub = BenchCli.run("pub", "-p", port(), "-c", "2", "-t", "sep/%i", "-q", "1", "-L", "500",
                "--warmup", "0s", "--json");
        assertThat(pub.code()).as(pub.err()).isZero();
        assertThat(pub.count("sent")).isEqualTo(1000);
        assertThat(pub.count("errors")).isZero();
        assertThat(pub.count("pubs")).isEqualTo(2);
        BenchCli r = sub.get(15, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.count("received")).isEqualTo(2000); // 2 subscribers x 1000
        assertThat(r.count("pubs")).isEqualTo(2);
        assertThat(r.count("lost")).isZero();
        assertThat(r.count("duplicates")).isZero();
        assertThat(r.num("latency_us.p50")).isPositive();
    }

    @Test
    void pubClosedLoopQos0AndFixedInterval() {
        BenchCli closed = BenchCli.run("pub", "-p", port(), "-c", "3", "-t", "nobody/%i", "-q", "0", "-d", "1s",
                "--warmup", "0s", "--json");
        assertThat(closed.code()).as(closed.err()).isZero();
        assertThat(closed.num("sent_per_s")).isPositive();
        assertThat(closed.count("errors")).isZero();
        // 2 publishers, one message every 10 ms each: 200 msg/s.
        BenchCli interval = BenchCli.run("pub", "-p", port(), "-c", "2", "-t", "nobody/%i", "-q", "1", "-I", "10",
                "-d", "1s", "--warmup", "0s", "--json");
        assertThat(interval.code()).as(interval.err()).isZero();
        assertThat(interval.num("rate")).isEqualTo(200);
        assertThat(interval.num("sent_per_s")).isBetween(170.0, 230.0);
    }

    @Test
    void connOpensHoldsAndClosesTwoHundredConnections() {
        BenchCli r = BenchCli.run("conn", "-p", port(), "-c", "200", "--conn-rate", "0", "--hold", "300ms", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("all 200 connections up in");
        assertThat(r.count("connected")).isEqualTo(200);
        assertThat(r.count("failed")).isZero();
        assertThat(r.num("connect_ms.p50")).isPositive().isLessThanOrEqualTo(r.num("connect_ms.p99"));
    }

    @Test
    void connectionRefusedExitsOneWithAClearLine() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        BenchCli pubsub = BenchCli.run("pubsub", "-p", Integer.toString(closedPort), "-d", "1s", "--json");
        assertThat(pubsub.code()).isEqualTo(1);
        assertThat(pubsub.err()).contains("error: 1 of 1 subscribers could not connect to 127.0.0.1:" + closedPort)
                .contains("Connection refused");
        assertThat(pubsub.out()).isEmpty();
        BenchCli conn = BenchCli.run("conn", "-p", Integer.toString(closedPort), "-c", "3", "--hold", "0s");
        assertThat(conn.code()).isEqualTo(1);
        assertThat(conn.err()).contains("error: 3 of 3 connections to 127.0.0.1:" + closedPort + " failed");
    }
}
