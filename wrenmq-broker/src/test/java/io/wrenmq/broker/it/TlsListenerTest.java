package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.PeerCertField;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.transport.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners with real clients: one-way TLS (HiveMQ, Paho), mutual TLS (good, wrong-CA, expired and missing
 * client certificates), the certificate as username and client id, and a flood of garbage and silent
 * handshakes that costs those sockets only.
 */
@Timeout(60)
class TlsListenerTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestBroker broker;
    static int oneWay;
    static int mutual;
    static int mapped;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        TlsConfig base = TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"))
                .withHandshakeTimeout(Duration.ofSeconds(1));
        TlsConfig required = base.withClientVerification(pki.file("ca.pem"), true);
        broker = TestBroker.start(c -> c.listeners(List.of(
                ListenerConfig.ssl("127.0.0.1", 0, base).withName("oneway"),
                ListenerConfig.ssl("127.0.0.1", 0, required).withName("mutual"),
                ListenerConfig.ssl("127.0.0.1", 0, required.withPeerCertAs(PeerCertField.DN, PeerCertField.CN))
                        .withName("mapped"))));
        List<InetSocketAddress> a = broker.broker().boundAddresses();
        oneWay = a.get(0).getPort();
        mutual = a.get(1).getPort();
        mapped = a.get(2).getPort();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Mqtt5ClientBuilder hivemq(String id, int port, TestPki.Issued clientCert) throws Exception {
        var tls = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port).sslConfig()
                .trustManagerFactory(TestPki.trustManagers(pki.ca));
        if (clientCert != null) {
            tls = tls.keyManagerFactory(TestPki.keyManagers(clientCert));
        }
        return tls.applySslConfig();
    }

    @Test
    void hivemqAndPahoPublishAndReceiveOverOneWayTls() throws Exception {
        Mqtt5BlockingClient sub = hivemq("tls-sub", oneWay, null).buildBlocking();
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("tls/#").qos(MqttQos.AT_LEAST_ONCE).send();

            org.eclipse.paho.client.mqttv3.MqttClient paho = new org.eclipse.paho.client.mqttv3.MqttClient(
                    "ssl://127.0.0.1:" + oneWay, "tls-paho", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(TestPki.clientContext(pki.ca, null).getSocketFactory());
            o.setHttpsHostnameVerificationEnabled(true); // the server certificate names 127.0.0.1
            paho.connect(o);
            paho.publish("tls/paho", "from paho".getBytes(StandardCharsets.UTF_8), 1, false);
            paho.disconnect();
            paho.close();

            Mqtt5Publish p = inbox.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(p.getTopic().toString()).isEqualTo("tls/paho");
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("from paho");
        } finally {
            sub.disconnect();
        }
    }

    @Test
    void mutualTlsAcceptsAClientCertificateOfTheCa() throws Exception {
        Mqtt5BlockingClient c = hivemq("mtls-good", mutual, pki.client).buildBlocking();
        c.connect();
        try {
            ClientIdentity id = broker.broker().sessions().get("mtls-good").identity();
            assertThat(id.certCommonName()).isEqualTo("device-17");
            assertThat(id.certSubject()).isEqualTo("CN=device-17,O=Wren Test");
            assertThat(id.listener()).isEqualTo("ssl:mutual");
            assertThat(id.username()).isNull(); // no peer_cert_as_username on this listener
        } finally {
            c.disconnect();
        }
    }

    @Test
    void mutualTlsRefusesWrongCaExpiredAndMissingCertificates() throws Exception {
        long before = broker.broker().metrics().tlsHandshakeFailures.sum();
        assertThatThrownBy(() -> hivemq("mtls-foreign", mutual, pki.foreignClient).buildBlocking().connect())
                .as("HiveMQ client with a certificate of another CA").isNotNull();
        assertRefused(TestPki.clientContext(pki.ca, pki.foreignClient), mutual);
        assertRefused(TestPki.clientContext(pki.ca, pki.expiredClient), mutual);
        assertRefused(TestPki.clientContext(pki.ca, null), mutual);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(broker.broker().metrics().tlsHandshakeFailures.sum() - before).isGreaterThanOrEqualTo(4));
        assertThat(broker.broker().sessions().get("mtls-foreign")).isNull();
        // ...while the same client with a good certificate still gets in: the refusals cost their sockets only.
        Mqtt5BlockingClient ok = hivemq("mtls-after", mutual, pki.client).buildBlocking();
        ok.connect();
        ok.disconnect();
    }

    /** With TLS 1.3 the client may finish its side first; either way no CONNACK ever comes back. */
    private static void assertRefused(SSLContext ctx, int port) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            try {
                s.startHandshake();
                OutputStream out = s.getOutputStream();
                out.write(connect311("refused"));
                out.flush();
                assertThat(s.getInputStream().read()).as("the broker closed instead of answering").isEqualTo(-1);
            } catch (SSLException | java.net.SocketException expected) {
                // refused during the handshake: a bad_certificate / certificate_required alert or a reset
            }
        } finally {
            TestPki.closeQuietly(s);
        }
    }

    private static byte[] connect311(String clientId) {
        return RawMqttClient.connect(RawMqttClient.V311).clientId(clientId).build();
    }

    @Test
    void peerCertificateGivesUsernameAndClientId() throws Exception {
        // MQTT 5, empty client id: the certificate's CN becomes the id and is returned as Assigned Client Identifier.
        try (RawMqttClient c = RawMqttClient.over(TestPki.connect(TestPki.clientContext(pki.ca, pki.client), mapped))) {
            c.send(RawMqttClient.connect(RawMqttClient.V5).user("typed-user", "pw").build());
            RawMqttClient.Frame connack = c.expect(RawMqttClient.CONNACK);
            assertThat(connack.connackCode()).isZero();
            assertThat(connack.connackProperties().getString(0x12)).isEqualTo("device-17");
            ClientIdentity id = broker.broker().sessions().get("device-17").identity();
            assertThat(id.username()).as("peer_cert_as_username = dn replaces the CONNECT username")
                    .isEqualTo("CN=device-17,O=Wren Test");
            c.send(RawMqttClient.disconnect());
        }
        // MQTT 3.1.1 with its own client id: replaced by the certificate's CN too.
        try (RawMqttClient c = RawMqttClient.over(TestPki.connect(TestPki.clientContext(pki.ca, pki.client), mapped))) {
            c.send(RawMqttClient.connect(RawMqttClient.V311).clientId("i-say-who-i-am").build());
            assertThat(c.expect(RawMqttClient.CONNACK).connackCode()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().sessions().get("device-17") != null);
            assertThat(broker.broker().sessions().get("i-say-who-i-am")).isNull();
        }
    }

    /**
     * 200 bad sockets on the TLS port - plain-text garbage, records that look like TLS but are not, and silent
     * sockets that never start a handshake - while a real client keeps publishing and receiving. Each bad socket
     * is closed by the broker (the silent ones by the 1 s handshake timeout, well before the 10 s connect timeout).
     */
    @Test
    void handshakeFloodCostsOnlyTheBadSockets() throws Exception {
        long failuresBefore = broker.broker().metrics().tlsHandshakeFailures.sum();
        Mqtt5BlockingClient c = hivemq("flood-survivor", oneWay, null).buildBlocking();
        c.connect();
        List<Socket> bad = new ArrayList<>();
        Random random = new Random(42);
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = c.publishes(MqttGlobalPublishFilter.ALL)) {
            c.subscribeWith().topicFilter("flood/echo").qos(MqttQos.AT_LEAST_ONCE).send();
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", oneWay), 5000);
                s.setSoTimeout(8000);
                bad.add(s);
                if (i % 3 == 0) {
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (i % 3 == 1) {
                    byte[] junk = new byte[200];
                    random.nextBytes(junk);
                    junk[0] = 0x16; // a handshake record header...
                    junk[1] = 3;
                    junk[2] = 3;
                    junk[3] = 0;
                    junk[4] = (byte) 195; // ...with a body that is not a ClientHello
                    s.getOutputStream().write(junk);
                } // else: silent, a stalled handshake
                if (i % 20 == 0) {
                    c.publishWith().topic("flood/echo").qos(MqttQos.AT_LEAST_ONCE).payload(("m" + i).getBytes()).send();
                    Mqtt5Publish p = inbox.receive(5, TimeUnit.SECONDS).orElseThrow();
                    assertThat(new String(p.getPayloadAsBytes())).isEqualTo("m" + i);
                }
            }
            long start = System.nanoTime();
            for (Socket s : bad) {
                assertThat(readUntilClosed(s.getInputStream())).as("the broker closed the bad socket").isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            c.publishWith().topic("flood/echo").qos(MqttQos.AT_LEAST_ONCE).payload("after".getBytes()).send();
            assertThat(new String(inbox.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())).isEqualTo("after");
        } finally {
            bad.forEach(TestPki::closeQuietly);
            c.disconnect();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(broker.broker().metrics().tlsHandshakeFailures.sum() - failuresBefore).isGreaterThanOrEqualTo(200));
        // A new client still gets in.
        Mqtt5BlockingClient late = hivemq("flood-late", oneWay, null).buildBlocking();
        late.connect();
        late.disconnect();
    }

    /** Reads (and drops any TLS alert) until the peer closes; false on a read timeout. */
    private static boolean readUntilClosed(InputStream in) {
        byte[] buf = new byte[512];
        try {
            while (in.read(buf) >= 0) {
                // an alert record or an HTTP-ish nothing: keep reading until the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the broker: closed
        }
    }
}
