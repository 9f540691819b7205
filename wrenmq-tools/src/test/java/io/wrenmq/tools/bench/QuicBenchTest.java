package io.wrenmq.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.transport.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wrenmq bench ... --quic` against a broker's quic listener on loopback (issue #16, docs/benchmarks.md "QUIC vs TCP"). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class QuicBenchTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static WrenBroker broker;
    static String quicPort;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        broker = new WrenBroker(new BrokerConfig().listeners(List.of(ListenerConfig.quic("127.0.0.1", 0,
                TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"))))).sysInterval(Duration.ZERO)
                .eventLoopThreads(2));
        broker.start();
        quicPort = Integer.toString(broker.port());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void pubsubOverQuicLosesNothingAtQos1() {
        BenchCli r = BenchCli.run("pubsub", "--quic", "--cafile", pki.file("ca.pem").toString(), "-p", quicPort,
                "--pubs", "2", "--subs", "1", "--pub-topic", "q/%i", "--sub-topic", "q/#", "-q", "1", "-d", "1s",
                "--warmup", "0s", "--json", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.count("received")).isPositive().isEqualTo(r.count("sent"));
        assertThat(r.count("lost")).isZero();
    }

    @Test
    void connOverQuicMeasuresConnectTimes() {
        BenchCli r = BenchCli.run("conn", "--quic", "--insecure", "-p", quicPort, "-c", "20", "--conn-rate", "0",
                "--hold", "100ms", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.count("connected")).isEqualTo(20);
        assertThat(r.num("connect_ms.p50")).isPositive();
    }

    @Test
    void quicNeedsATrustChoice() {
        BenchCli r = BenchCli.run("conn", "--quic", "-p", quicPort);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--quic needs either --cafile FILE or --insecure");
        assertThat(BenchCli.run("conn", "--insecure").err()).contains("--cafile and --insecure need --quic");
    }
}
