package io.wrenmq.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.transport.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wrenmq pub} and {@code wrenmq sub --quic} (nanomq_cli's flag) against the broker's quic listener (issue #16). */
@Timeout(60)
class QuicCliTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestBroker broker;
    static String quic;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        broker = new TestBroker(c -> c.listeners(List.of(ListenerConfig.quic("127.0.0.1", 0,
                TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"))))));
        quic = Integer.toString(broker.broker.boundAddresses().get(0).getPort());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void pubAndSubOverQuic() throws Exception {
        String ca = pki.file("ca.pem").toString();
        ClientCli.Running sub = ClientCli.start(dir, "sub", "--quic", "-p", quic, "--cafile", ca, "-t", "q/#", "-C", "1",
                "-v", "-d").awaitSubscribed();
        CliRun pub = ClientCli.run(dir, "pub", "--quic", "-p", quic, "--cafile", ca, "-t", "q/a", "-m", "over quic",
                "-q", "2");
        assertThat(pub.code()).as(pub.err()).isZero();
        CliRun r = sub.result();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("q/a over quic\n");
    }

    @Test
    void withoutTheCaTheJvmsCasDoNotTrustATestCertificate() {
        CliRun pub = ClientCli.run(dir, "pub", "--quic", "-p", quic, "-t", "t", "-m", "x");
        assertThat(pub.code()).isEqualTo(1);
        assertThat(pub.err()).contains("TLS handshake with 127.0.0.1:" + quic + " failed").hasLineCount(1);
    }
}
