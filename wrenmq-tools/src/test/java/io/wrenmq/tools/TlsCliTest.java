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

/**
 * {@code wrenmq pub} and {@code wrenmq sub} over TLS with mosquitto's flags ({@code --cafile}, {@code --cert},
 * {@code --key}, {@code --insecure}) and NanoMQ's {@code --keypass}, against the broker's TLS listeners; certificates
 * made at test time by {@link TestPki}.
 */
@Timeout(60)
class TlsCliTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestBroker broker;
    static String oneWay;
    static String mutual;
    static String unnamed;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        TlsConfig base = TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"));
        broker = new TestBroker(c -> c.listeners(List.of(ListenerConfig.ssl("127.0.0.1", 0, base).withName("oneway"),
                ListenerConfig.ssl("127.0.0.1", 0, base.withClientVerification(pki.file("ca.pem"), true)).withName("mutual"),
                ListenerConfig.ssl("127.0.0.2", 0, base).withName("unnamed")))); // an address the certificate lacks
        oneWay = Integer.toString(broker.broker.boundAddresses().get(0).getPort());
        mutual = Integer.toString(broker.broker.boundAddresses().get(1).getPort());
        unnamed = Integer.toString(broker.broker.boundAddresses().get(2).getPort());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static String file(String name) {
        return pki.file(name).toString();
    }

    @Test
    void pubAndSubOverTlsWithTheCaFile() throws Exception {
        ClientCli.Running sub = ClientCli.start(dir, "sub", "-p", oneWay, "--cafile", file("ca.pem"), "-t", "tls/#",
                "-C", "1", "-v", "-d").awaitSubscribed();
        CliRun pub = ClientCli.run(dir, "pub", "-p", oneWay, "--cafile", file("ca.pem"), "-t", "tls/a", "-m", "secret",
                "-q", "1");
        assertThat(pub.code()).as(pub.err()).isZero();
        CliRun r = sub.result();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("tls/a secret\n");
    }

    @Test
    void anUntrustedServerFailsWithOneLineAndExitCode1() {
        CliRun pub = ClientCli.run(dir, "pub", "-p", oneWay, "--cafile", file("other-ca.pem"), "-t", "t", "-m", "x");
        assertThat(pub.code()).isEqualTo(1);
        assertThat(pub.err()).contains("TLS handshake with 127.0.0.1:" + oneWay + " failed").hasLineCount(1);
    }

    @Test
    void insecureSkipsOnlyTheHostNameCheck() {
        CliRun strict = ClientCli.run(dir, "pub", "-h", "127.0.0.2", "-p", unnamed, "--cafile", file("ca.pem"),
                "-t", "t", "-m", "x");
        assertThat(strict.code()).as(strict.err()).isEqualTo(1);
        assertThat(strict.err()).contains("127.0.0.2");
        CliRun insecure = ClientCli.run(dir, "pub", "-h", "127.0.0.2", "-p", unnamed, "--cafile", file("ca.pem"),
                "--insecure", "-t", "t", "-m", "x");
        assertThat(insecure.code()).as(insecure.err()).isZero();
    }

    @Test
    void clientCertificateForMutualTls() {
        CliRun with = ClientCli.run(dir, "pub", "-p", mutual, "--cafile", file("ca.pem"), "--cert", file("client.crt"),
                "--key", file("client.key"), "-t", "t", "-m", "x", "-q", "1");
        assertThat(with.code()).as(with.err()).isZero();
        CliRun without = ClientCli.run(dir, "pub", "-p", mutual, "--cafile", file("ca.pem"), "-t", "t", "-m", "x");
        assertThat(without.code()).isEqualTo(1);
    }

    @Test
    void encryptedKeysNeedTheirPassword() {
        // The server's own key pair stands in for a client's here: only reading the encrypted file matters.
        CliRun wrong = ClientCli.run(dir, "pub", "-p", oneWay, "--cafile", file("ca.pem"), "--cert", file("server.crt"),
                "--key", file("server-pkcs1-enc.key"), "--keypass", "wrong", "-t", "t", "-m", "x");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("--key " + file("server-pkcs1-enc.key"));
        CliRun right = ClientCli.run(dir, "pub", "-p", oneWay, "--cafile", file("ca.pem"), "--cert", file("server.crt"),
                "--key", file("server-pkcs1-enc.key"), "--keypass", TestPki.KEY_PASSWORD, "-t", "t", "-m", "x");
        assertThat(right.code()).as(right.err()).isZero();
    }

    @Test
    void flagsThatNeedEachOtherAreUsageErrors() {
        assertThat(ClientCli.run(dir, "pub", "--insecure", "-t", "t", "-m", "x").err()).contains("need --cafile");
        assertThat(ClientCli.run(dir, "pub", "--cafile", file("ca.pem"), "--cert", file("client.crt"), "-t", "t",
                "-m", "x").err()).contains("--cert and --key go together");
        CliRun missing = ClientCli.run(dir, "pub", "--cafile", dir.resolve("nope.pem").toString(), "-t", "t", "-m", "x");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--cafile").contains("nope.pem");
    }
}
