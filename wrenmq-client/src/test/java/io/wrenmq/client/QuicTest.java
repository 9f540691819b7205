package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.quic.QuicSslContext;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.auth.http.HttpAuthConfig;
import io.wrenmq.broker.auth.http.HttpRequestSpec;
import io.wrenmq.broker.it.AuthHttpServer;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.session.ConnectionDetails;
import io.wrenmq.broker.transport.TestPki;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * wrenmq-client over QUIC against WrenMQ's quic listener (issue #16): QoS 0/1/2 in v3.1.1 and v5, a 1 MB payload,
 * keep alive, 0-RTT resumption, mutual TLS, and the client address the broker sees.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuicTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static WrenBroker broker;
    static int quic;
    static int mutual;
    static int unnamed;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        TlsConfig base = TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"));
        broker = Brokers.start(Brokers.config().listeners(List.of(
                ListenerConfig.quic("127.0.0.1", 0, base),
                ListenerConfig.quic("127.0.0.1", 0, base.withClientVerification(pki.file("ca.pem"), true))
                        .withName("mutual"),
                // Linux routes all of 127.0.0.0/8 to loopback: an address the certificate does not name.
                ListenerConfig.quic("127.0.0.2", 0, base).withName("unnamed"))));
        quic = broker.boundAddresses().get(0).getPort();
        mutual = broker.boundAddresses().get(1).getPort();
        unnamed = broker.boundAddresses().get(2).getPort();
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    static QuicSslContext trusting(boolean withClientCert) {
        Path cert = withClientCert ? pki.file("client.crt") : null;
        Path key = withClientCert ? pki.file("client.key") : null;
        return ClientTlsFiles.quicContext(new ClientTlsFiles.Files(pki.file("ca.pem"), "cafile", cert, "certfile", key,
                "keyfile", null), true, true);
    }

    static MqttClientBuilder client(int port, MqttVersion version, String id, QuicSslContext tls) {
        return Brokers.client(port, version, id).quic(tls, QuicOptions.DEFAULTS);
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void publishesAndReceivesAtEveryQos(MqttVersion version) throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        QuicSslContext tls = trusting(false);
        try (MqttClient sub = client(quic, version, "q-sub-" + version, tls).build();
                MqttClient pub = client(quic, version, "q-pub-" + version, tls).build()) {
            sub.onMessage(inbox);
            sub.connect().join();
            pub.connect().join();
            sub.subscribe("quic/" + version + "/#", 2).join();
            for (int qos = 0; qos <= 2; qos++) {
                assertThat(pub.publish("quic/" + version + "/" + qos, "qos " + qos, qos, false).join().isSuccess()).isTrue();
                ReceivedMessage m = inbox.take();
                assertThat(m.topic()).isEqualTo("quic/" + version + "/" + qos);
                assertThat(m.qos()).isEqualTo(qos);
                assertThat(new String(m.payload())).isEqualTo("qos " + qos);
            }
        }
    }

    @Test
    void carriesAOneMegabytePayload() throws Exception {
        byte[] big = new byte[1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        QuicSslContext tls = trusting(false);
        try (MqttClient sub = client(quic, MqttVersion.V5, "q-big-sub", tls).build();
                MqttClient pub = client(quic, MqttVersion.V5, "q-big-pub", tls).build()) {
            sub.onMessage(inbox);
            sub.connect().join();
            pub.connect().join();
            sub.subscribe("big", 1).join();
            pub.publish("big", big, 1, false).join();
            assertThat(Arrays.equals(inbox.take().payload(), big)).isTrue();
        }
    }

    /** A 1 s keep alive: the client's PINGREQs keep it connected well past the 1.5 s the broker allows a silent one. */
    @Test
    void keepAlivePingsFlowOverQuic() {
        try (MqttClient c = client(quic, MqttVersion.V3_1_1, "q-ping", trusting(false)).keepAlive(1).build()) {
            c.connect().join();
            long start = System.nanoTime();
            await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5)).until(c::isConnected);
            assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(3500));
        }
    }

    /** A client that sends nothing after CONNECT (keep alive 1 s) is closed by the broker after 1.5 s [MQTT-3.1.2-24]. */
    @Test
    void theBrokerClosesASilentClientAfterOneAndAHalfKeepAlives() throws Exception {
        try (RawQuicStream raw = new RawQuicStream(quic, trusting(false))) {
            raw.send(new Connect(MqttVersion.V3_1_1, true, 1, "q-silent", null, null, null, Properties.EMPTY),
                    MqttVersion.V3_1_1);
            long sent = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> raw.bytesRead.get() >= 4); // CONNACK
            await().atMost(Duration.ofSeconds(5)).until(() -> !raw.stream.isActive());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertThat(millis).isBetween(1400L, 4000L);
        }
    }

    /** A QUIC connection that never opens its MQTT stream is closed after mqtt.connect_timeout, as a silent TCP client. */
    @Test
    void aConnectionWithoutAStreamIsClosedAfterTheConnectTimeout() throws Exception {
        WrenBroker strict = Brokers.start(Brokers.config().connectTimeout(Duration.ofSeconds(1))
                .listeners(List.of(ListenerConfig.quic("127.0.0.1", 0,
                        TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"))))));
        try (RawQuicStream raw = new RawQuicStream(strict.port(), trusting(false), false)) {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> !raw.quic.isActive());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(500L, 4000L);
        } finally {
            strict.stop();
        }
    }

    /**
     * The second connection to the same listener with the same context resumes the TLS session of the first and sends
     * CONNECT as 0-RTT early data; the first one cannot (no session yet).
     */
    @Test
    void aLostLinkIsResumedWithZeroRtt() throws Exception {
        QuicSslContext tls = trusting(false);
        try (MqttClient first = client(quic, MqttVersion.V5, "q-0rtt", tls).sessionExpiryInterval(300).cleanStart(false).build()) {
            first.connect().join();
            assertThat(first.connectedWithEarlyData()).isFalse();
            first.subscribe("rtt/#", 1).join();
        }
        try (MqttClient second = client(quic, MqttVersion.V5, "q-0rtt", tls).sessionExpiryInterval(300).cleanStart(false).build()) {
            ConnectResult r = second.connect().join();
            assertThat(second.connectedWithEarlyData()).as("CONNECT went as 0-RTT early data").isTrue();
            assertThat(r.sessionPresent()).isTrue();
        }
        try (MqttClient off = client(quic, MqttVersion.V5, "q-0rtt-off", tls).build()) {
            off.connect().join();
        }
    }

    /**
     * NAT rebinding (RFC 9000 section 9.3): mid-connection the client's packets reach the broker from a new UDP port;
     * quiche validates the new path and the MQTT connection carries on (no reconnect, the session untouched).
     */
    @Test
    void theConnectionSurvivesANatRebinding() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (UdpRebindingRelay nat = new UdpRebindingRelay(quic);
                MqttClient c = client(nat.port(), MqttVersion.V5, "q-nat", trusting(false)).build()) {
            c.onMessage(inbox);
            c.connect().join();
            c.subscribe("nat/#", 1).join();
            c.publish("nat/before", "1", 1, false).join();
            assertThat(inbox.take().topic()).isEqualTo("nat/before");
            int before = nat.serverSidePort();
            nat.rebind();
            assertThat(nat.serverSidePort()).isNotEqualTo(before);
            assertThat(c.publish("nat/after", "2", 1, false).get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(inbox.take().topic()).isEqualTo("nat/after");
            assertThat(c.isConnected()).isTrue();
        }
    }

    @Test
    void theBrokerSeesTheQuicPeerAddress() {
        try (MqttClient c = client(quic, MqttVersion.V5, "q-addr", trusting(false)).build()) {
            c.connect().join();
            ConnectionDetails d = broker.sessions().get("q-addr").connectionDetails();
            assertThat(d.ipAddress()).isEqualTo("127.0.0.1");
            assertThat(d.port()).isPositive();
            assertThat(d.listener()).isEqualTo("quic:default");
        }
    }

    /** HTTP auth sees the QUIC peer's address (%a) and the quic listener's UDP port (%p), as for TCP. */
    @Test
    void httpAuthSeesTheQuicPeerAndPort() throws Exception {
        try (AuthHttpServer http = new AuthHttpServer().answer(r -> 200)) {
            HttpAuthConfig h = new HttpAuthConfig().enable(true).authReq(HttpRequestSpec.post(http.url("/auth"),
                    Map.of("clientid", "%c", "ipaddress", "%a", "sockport", "%p")));
            BrokerConfig config = Brokers.config().listeners(List.of(ListenerConfig.quic("127.0.0.1", 0,
                    TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt")))));
            config.auth().http(h);
            WrenBroker authed = Brokers.start(config);
            try (MqttClient c = client(authed.port(), MqttVersion.V5, "q-http", trusting(false)).build()) {
                c.connect().join();
                AuthHttpServer.Request r = http.requests.poll(10, TimeUnit.SECONDS);
                assertThat(r).isNotNull();
                assertThat(r.params()).containsEntry("clientid", "q-http").containsEntry("ipaddress", "127.0.0.1")
                        .containsEntry("sockport", Integer.toString(authed.port()));
            } finally {
                authed.stop();
            }
        }
    }

    @Test
    void mutualTlsNeedsAClientCertificate() {
        try (MqttClient c = client(mutual, MqttVersion.V3_1_1, "q-mtls", trusting(true)).build()) {
            c.connect().join();
        }
        try (MqttClient c = client(mutual, MqttVersion.V3_1_1, "q-mtls-none", trusting(false)).build()) {
            assertThatThrownBy(() -> c.connect().join()).isInstanceOf(CompletionException.class);
        }
    }

    /** The server certificate names 127.0.0.1 and localhost; "127.0.0.2" is neither [RFC 6125]. */
    @Test
    void theCertificateMustNameTheHost() {
        MqttClientBuilder wrongName = MqttClient.builder().host("127.0.0.2").port(unnamed).clientId("q-name");
        try (MqttClient c = wrongName.quic(trusting(false), QuicOptions.DEFAULTS).build()) {
            assertThatThrownBy(() -> c.connect().join()).isInstanceOf(CompletionException.class).cause()
                    .hasMessageContaining("TLS handshake with 127.0.0.2:" + unnamed + " failed")
                    .hasMessageContaining("CERTIFICATE_VERIFY_FAILED");
        }
        QuicSslContext noNameCheck = ClientTlsFiles.quicContext(new ClientTlsFiles.Files(pki.file("ca.pem"), "cafile",
                null, null, null, null, null), true, false);
        try (MqttClient c = wrongName.quic(noNameCheck, QuicOptions.DEFAULTS).build()) {
            c.connect().join(); // the chain is still verified, the name is not
        }
        QuicSslContext otherCa = ClientTlsFiles.quicContext(new ClientTlsFiles.Files(pki.file("other-ca.pem"), "cafile",
                null, null, null, null, null), true, false);
        try (MqttClient c = wrongName.quic(otherCa, QuicOptions.DEFAULTS).build()) {
            assertThatThrownBy(() -> c.connect().join()).cause().hasMessageContaining("CERTIFICATE_VERIFY_FAILED");
        }
        try (MqttClient c = MqttClient.builder().host("localhost").port(quic).clientId("q-localhost")
                .quic(trusting(false), QuicOptions.DEFAULTS).build()) {
            c.connect().join();
        }
    }

    @Test
    void nothingListeningIsAClearTimeout() {
        try (MqttClient c = Brokers.client(1, MqttVersion.V5, "q-none").connectTimeout(Duration.ofSeconds(1))
                .quic(trusting(false), QuicOptions.DEFAULTS).build()) {
            assertThatThrownBy(() -> c.connect().join()).cause().hasMessageContaining("127.0.0.1:1");
        }
    }
}
