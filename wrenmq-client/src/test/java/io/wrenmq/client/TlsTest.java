package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.transport.TestPki;
import io.wrenmq.codec.MqttVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over TLS against WrenMQ's TLS listeners (test certificates made at test time by {@link TestPki}):
 * one-way TLS with the CA trusted, a server it does not trust refused with a clear message, hostname
 * verification against the certificate's names, and a client certificate for mutual TLS.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static WrenBroker broker;
    static int oneWay;
    static int mutual;
    static int otherAddress;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        TlsConfig base = TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"));
        broker = Brokers.start(Brokers.config().listeners(List.of(
                ListenerConfig.ssl("127.0.0.1", 0, base).withName("oneway"),
                ListenerConfig.ssl("127.0.0.1", 0, base.withClientVerification(pki.file("ca.pem"), true))
                        .withName("mutual"),
                // Linux routes all of 127.0.0.0/8 to loopback: an address the certificate does not name.
                ListenerConfig.ssl("127.0.0.2", 0, base).withName("unnamed"))));
        oneWay = broker.boundAddresses().get(0).getPort();
        mutual = broker.boundAddresses().get(1).getPort();
        otherAddress = broker.boundAddresses().get(2).getPort();
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    private static SslContext trusting(TestPki.Issued ca, TestPki.Issued identity) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient().trustManager(ca.cert());
        if (identity != null) {
            b.keyManager(identity.keys().getPrivate(), identity.cert());
        }
        return b.build();
    }

    @Test
    void publishesAndReceivesOverOneWayTls() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (MqttClient c = Brokers.client(oneWay, MqttVersion.V5, "tls-1").tls(trusting(pki.ca, null)).build()) {
            c.onMessage(inbox);
            c.connect().join();
            c.subscribe("tls/#", 1).join();
            assertThat(c.publish("tls/x", "over tls", 1, false).join().isSuccess()).isTrue();
            assertThat(inbox.take().topic()).isEqualTo("tls/x");
        }
    }

    @Test
    void anUntrustedServerIsRefusedWithATlsMessage() throws Exception {
        try (MqttClient c = Brokers.client(oneWay, MqttVersion.V5, "tls-2").tls(trusting(pki.otherCa, null)).build()) {
            assertThatThrownBy(() -> c.connect().join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(MqttClientException.class)
                    .cause().hasMessageContaining("TLS handshake with 127.0.0.1:" + oneWay + " failed");
        }
    }

    /** The server certificate names 127.0.0.1 and localhost; "127.0.0.2" is neither [RFC 6125]. */
    @Test
    void theCertificateMustNameTheHostUnlessTheContextSaysOtherwise() throws Exception {
        MqttClientBuilder wrongName = MqttClient.builder().host("127.0.0.2").port(otherAddress).clientId("tls-3")
                .tls(trusting(pki.ca, null));
        try (MqttClient c = wrongName.build()) {
            assertThatThrownBy(() -> c.connect().join()).cause().hasMessageContaining("TLS handshake")
                    .hasMessageContaining("127.0.0.2");
        }
        SslContext noNameCheck = SslContextBuilder.forClient().trustManager(pki.ca.cert())
                .endpointIdentificationAlgorithm(null).build();
        try (MqttClient c = wrongName.tls(noNameCheck).build()) {
            c.connect().join(); // like mosquitto's --insecure: the chain is still verified, the name is not
        }
    }

    @Test
    void presentsAClientCertificateForMutualTls() throws Exception {
        try (MqttClient c = Brokers.client(mutual, MqttVersion.V3_1_1, "tls-4").tls(trusting(pki.ca, pki.client)).build()) {
            c.connect().join();
        }
        try (MqttClient c = Brokers.client(mutual, MqttVersion.V3_1_1, "tls-5").tls(trusting(pki.ca, null)).build()) {
            assertThatThrownBy(() -> c.connect().join()).isInstanceOf(CompletionException.class);
        }
    }
}
