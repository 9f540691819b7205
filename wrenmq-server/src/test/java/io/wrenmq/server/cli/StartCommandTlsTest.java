package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.tools.ExitCodes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `wrenmq start` with a listeners.ssl block whose files are relative to WRENMQ_HOME (not the working
 * directory), served to a real TLS client; a wrong key_password stops start-up naming file and listener.
 * Certificates come from openssl at test time.
 */
@Tag("e2e")
@Timeout(60)
class StartCommandTlsTest {
    @TempDir
    Path home;

    @BeforeEach
    void certificates() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path certs = Files.createDirectories(home.resolve("etc/certs"));
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.crt",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "1");
        openssl(certs, "pkcs8", "-topk8", "-in", "server.key", "-v2", "aes-256-cbc", "-passout", "pass:right",
                "-out", "server-enc.key");
        Files.createDirectories(home.resolve("elsewhere"));
    }

    @Test
    void tlsListenerFilesAreRelativeToWrenmqHome() throws Exception {
        Files.writeString(home.resolve("etc/tls.conf"), """
                listeners.ssl {
                  bind = "127.0.0.1:0"
                  keyfile = "etc/certs/server-enc.key"
                  certfile = "etc/certs/server.crt"
                  key_password = "right"
                }
                persistence.type = memory
                """);
        StartedBroker started = StartedBroker.start(home.resolve("elsewhere"),
                Map.of("WRENMQ_HOME", home.toString()), "start", "--conf", home.resolve("etc/tls.conf").toString(),
                "--pid-file", home.resolve("run.pid").toString());
        WrenBroker broker = started.broker();

        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("tls-e2e").serverHost("127.0.0.1")
                .serverPort(broker.port()).sslConfig().trustManagerFactory(trust(home.resolve("etc/certs/server.crt")))
                .applySslConfig().buildBlocking();
        assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        client.disconnect();

        assertThat(started.stop().code()).isZero();
    }

    @Test
    void wrongKeyPasswordStopsStartUpNamingFileAndListener() throws Exception {
        Files.writeString(home.resolve("etc/bad.conf"), """
                listeners.ssl.secure {
                  bind = "127.0.0.1:0"
                  keyfile = "etc/certs/server-enc.key"
                  certfile = "etc/certs/server.crt"
                  key_password = "wrong"
                }
                persistence.type = memory
                """);
        CliRun r = CliRun.run(home.resolve("elsewhere"), Map.of("WRENMQ_HOME", home.toString()), stop -> { },
                "start", "--conf", home.resolve("etc/bad.conf").toString(), "--pid-file", home.resolve("run.pid").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(r.err()).contains("keyfile " + home.resolve("etc/certs/server-enc.key"))
                .contains("ssl listener secure").contains("wrong key_password");
    }

    private static TrustManagerFactory trust(Path cert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            ks.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    private static void openssl(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
