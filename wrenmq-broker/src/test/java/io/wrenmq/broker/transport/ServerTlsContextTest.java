package io.wrenmq.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.BrokerStartException;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every PEM key form users bring loads, and every unusable key or certificate stops start-up naming file and listener. */
@Timeout(60)
class ServerTlsContextTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    private static WrenBroker broker(TlsConfig tls) {
        return new WrenBroker(new BrokerConfig().eventLoopThreads(1)
                .listeners(List.of(ListenerConfig.ssl("127.0.0.1", 0, tls).withName("secure"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "server-pkcs8.key, server.crt, false",
        "server-pkcs8-enc.key, server.crt, true",
        "server-pkcs1.key, server.crt, false",
        "server-pkcs1-enc.key, server.crt, true",
        "server-ec.key, server-ec.crt, false",
        "server-ec-enc.key, server-ec.crt, true",
    })
    void everyKeyFormatLoadsAndServesAnMqttConnect(String key, String cert, boolean encrypted) throws Exception {
        String header = Files.readString(pki.file(key)).lines().findFirst().orElseThrow();
        assertThat(header).as("the file really is in the form under test")
                .isEqualTo(key.contains("pkcs8-enc") ? "-----BEGIN ENCRYPTED PRIVATE KEY-----"
                        : key.contains("pkcs8") ? "-----BEGIN PRIVATE KEY-----"
                        : key.contains("pkcs1") ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");
        if (encrypted && !key.contains("pkcs8")) {
            assertThat(Files.readString(pki.file(key))).contains("Proc-Type: 4,ENCRYPTED").contains("DEK-Info:");
        }
        TlsConfig tls = TlsConfig.of(pki.file(key), pki.file(cert)).withKeyPassword(encrypted ? TestPki.KEY_PASSWORD : null);
        try (WrenBroker b = broker(tls)) {
            b.start();
            SSLSocket s = TestPki.connect(TestPki.clientContext(pki.ca, null), b.port());
            try {
                OutputStream out = s.getOutputStream();
                // MQTT 3.1.1 CONNECT, clean session, client id "k"
                out.write(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'k'});
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(in.readNBytes(4)).containsExactly(0x20, 2, 0, 0);
                assertThat(s.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            } finally {
                TestPki.closeQuietly(s);
            }
        }
    }

    @Test
    void wrongPasswordNamesTheFileAndTheListener() {
        TlsConfig tls = TlsConfig.of(pki.file("server-pkcs8-enc.key"), pki.file("server.crt")).withKeyPassword("nope");
        assertThatThrownBy(() -> broker(tls).start()).isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("keyfile " + pki.file("server-pkcs8-enc.key"))
                .hasMessageContaining("ssl listener secure")
                .hasMessageContaining("wrong key_password");
        TlsConfig pkcs1 = TlsConfig.of(pki.file("server-pkcs1-enc.key"), pki.file("server.crt")).withKeyPassword("nope");
        assertThatThrownBy(() -> broker(pkcs1).start()).hasMessageContaining("wrong key_password");
    }

    @Test
    void encryptedKeyWithoutPasswordSaysSetKeyPassword() {
        TlsConfig tls = TlsConfig.of(pki.file("server-pkcs1-enc.key"), pki.file("server.crt"));
        assertThatThrownBy(() -> broker(tls).start()).isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("server-pkcs1-enc.key").hasMessageContaining("the key is encrypted: set key_password");
    }

    @Test
    void missingOrWrongFilesStopStartUp() throws Exception {
        assertThatThrownBy(() -> broker(TlsConfig.of(dir.resolve("absent.key"), pki.file("server.crt"))).start())
                .isInstanceOf(BrokerStartException.class).hasMessageContaining("keyfile " + dir.resolve("absent.key"))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> broker(TlsConfig.of(pki.file("server.crt"), pki.file("server.crt"))).start())
                .hasMessageContaining("no private key in it");
        assertThatThrownBy(() -> broker(TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server-pkcs8.key"))).start())
                .hasMessageContaining("certfile").hasMessageContaining("ssl listener secure");
        assertThatThrownBy(() -> broker(TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server-ec.crt"))).start())
                .hasMessageContaining("does not belong to the certificate");
        assertThatThrownBy(() -> broker(TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"))
                .withClientVerification(dir.resolve("no-ca.pem"), true)).start())
                .hasMessageContaining("cacertfile " + dir.resolve("no-ca.pem"));
        assertThatThrownBy(() -> broker(TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"))
                .withCiphers(List.of("TLS_NO_SUCH_CIPHER"))).start())
                .isInstanceOf(BrokerStartException.class).hasMessageContaining("Cannot set up TLS for ssl listener secure");
    }

    @Test
    void versionsOlderThanTls12AreRefusedInTheConfig() {
        TlsConfig tls = TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"));
        assertThatThrownBy(() -> tls.withVersions(List.of("TLSv1.2", "TLSv1.1")))
                .hasMessageContaining("TLS version TLSv1.1 is not allowed: TLS 1.2 is the minimum");
        assertThatThrownBy(() -> tls.withVersions(List.of("TLSv1")))
                .hasMessageContaining("TLS 1.2 is the minimum");
        assertThat(tls.versions()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    /** Keys as openssl itself writes them (an EC key with its EC PARAMETERS block, traditional encrypted RSA). */
    @Test
    void keysMadeByOpensslLoad() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path d = Files.createDirectories(dir.resolve("openssl"));
        run(d, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.key");
        run(d, "openssl", "req", "-new", "-x509", "-key", "ec.key", "-subj", "/CN=localhost", "-days", "1", "-out", "ec.crt");
        run(d, "openssl", "genrsa", "-out", "rsa8.key", "2048");
        run(d, "openssl", "rsa", "-in", "rsa8.key", "-traditional", "-aes128", "-passout", "pass:pw", "-out", "rsa1-enc.key");
        run(d, "openssl", "pkcs8", "-topk8", "-in", "rsa8.key", "-v2", "aes-256-cbc", "-passout", "pass:pw", "-out", "rsa8-enc.key");
        run(d, "openssl", "req", "-new", "-x509", "-key", "rsa8.key", "-subj", "/CN=localhost", "-days", "1", "-out", "rsa.crt");
        assertThat(Files.readString(d.resolve("ec.key"))).startsWith("-----BEGIN EC PARAMETERS-----");
        assertThat(Files.readString(d.resolve("rsa1-enc.key"))).contains("Proc-Type: 4,ENCRYPTED");
        String[][] cases = {{"ec.key", "ec.crt", null}, {"rsa8.key", "rsa.crt", null}, {"rsa1-enc.key", "rsa.crt", "pw"},
            {"rsa8-enc.key", "rsa.crt", "pw"}};
        for (String[] c : cases) {
            try (WrenBroker b = broker(TlsConfig.of(d.resolve(c[0]), d.resolve(c[1])).withKeyPassword(c[2]))) {
                b.start();
                assertThat(b.boundAddresses()).as(c[0]).hasSize(1);
            }
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
