package io.wrenmq.server.bridge;

import static io.wrenmq.server.bridge.TestBridges.cache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.netty.channel.EventLoopGroup;
import io.wrenmq.broker.it.TestBroker;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.transport.TestPki;
import io.wrenmq.client.MqttClient;
import io.wrenmq.codec.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bridge from WrenMQ to a second WrenMQ and to Debian's Mosquitto, both directions, over TCP and TLS (mutual TLS to
 * WrenMQ, one-way to Mosquitto), with MQTT 3.1.1 and 5 on the bridge link (issue #13). Real clients on both ends
 * (HiveMQ MQTT client); the forward and the subscription remap their topics.
 */
@Timeout(60)
class BridgeInteropTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestBroker wrenTcp;
    static TestBroker wrenTls;
    static MosquittoProcess mosquittoTcp;
    static MosquittoProcess mosquittoTls;
    static EventLoopGroup loops;

    @BeforeAll
    static void remotes() throws Exception {
        pki = TestPki.create(dir);
        loops = MqttClient.newEventLoopGroup(1, "interop-bridge");
        wrenTcp = TestBroker.start();
        TlsConfig tls = TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"))
                .withClientVerification(pki.file("ca.pem"), true);
        wrenTls = TestBroker.start(c -> c.listeners(List.of(ListenerConfig.ssl("127.0.0.1", 0, tls).withName("mtls"))));
        if (MosquittoProcess.installed()) {
            mosquittoTcp = MosquittoProcess.start(dir, "mosquitto-tcp", "");
            mosquittoTls = MosquittoProcess.start(dir, "mosquitto-tls", "cafile " + pki.file("ca.pem") + "\ncertfile "
                    + pki.file("server.crt") + "\nkeyfile " + pki.file("server-pkcs1.key") + "\n");
        }
    }

    @AfterAll
    static void stopRemotes() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {wrenTcp, wrenTls, mosquittoTcp, mosquittoTls}) {
            if (c != null) {
                c.close();
            }
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} over {1}, bridge speaks {2}")
    @CsvSource({
        "wrenmq, tcp, V3_1_1", "wrenmq, tcp, V5", "wrenmq, tls, V3_1_1", "wrenmq, tls, V5",
        "mosquitto, tcp, V3_1_1", "mosquitto, tcp, V5", "mosquitto, tls, V3_1_1", "mosquitto, tls, V5"})
    void bridgesBothWays(String remoteKind, String transport, MqttVersion version) throws Exception {
        boolean mosquitto = remoteKind.equals("mosquitto");
        assumeTrue(!mosquitto || MosquittoProcess.installed(), "mosquitto is not installed at " + MosquittoProcess.BINARY);
        boolean tls = transport.equals("tls");
        int port = mosquitto ? (tls ? mosquittoTls.port : mosquittoTcp.port)
                : (tls ? wrenTls.broker().boundAddresses().get(0).getPort() : wrenTcp.port());
        String name = remoteKind + "-" + transport + "-" + version;
        BridgeServer server = new BridgeServer((tls ? "tls+mqtt-tcp" : "mqtt-tcp") + "://127.0.0.1:" + port, "127.0.0.1",
                port, tls);
        BridgeTlsConfig tlsFiles = !tls ? null : mosquitto
                ? new BridgeTlsConfig(pki.file("ca.pem"), null, null, null, true, null)
                : new BridgeTlsConfig(pki.file("ca.pem"), pki.file("client.crt"), pki.file("client.key"), null, true, null);
        BridgeConfig base = TestBridges.config(name, List.of(server), version,
                List.of(new BridgeForward(name + "/up/#", "cloud/" + name + "/#", 1, BridgeForward.KEEP_RETAIN, "", "")),
                List.of(new BridgeSubscription("cmd/" + name + "/#", name + "/down/#", 1, 2, false, 0, true, "", "")));
        BridgeConfig config = new BridgeConfig(base.name(), true, base.servers(), version, base.clientId(),
                base.keepAlive(), base.backoffMax(), base.cleanStart(), null, null, tlsFiles, base.connProperties(), null,
                base.forwards(), base.subscriptions(), 0, base.subscriptionUserProperties(), false, 2, 32, 32, 128,
                base.resendInterval(), base.resendWait(), base.cancelTimeout());

        try (TestBroker local = TestBroker.start()) {
            MqttBridge bridge = new MqttBridge(config, cache(1000), local.broker(), loops.next());
            bridge.start().get(10, TimeUnit.SECONDS);
            try {
                Mqtt5BlockingClient remoteClient = remoteClient(port, tls, mosquitto, "remote-" + name);
                Mqtt5BlockingClient localClient = Mqtt5Client.builder().identifier("local-" + name).serverHost("127.0.0.1")
                        .serverPort(local.port()).buildBlocking();
                localClient.connect();
                try (Mqtt5BlockingClient.Mqtt5Publishes atRemote = remoteClient.publishes(MqttGlobalPublishFilter.ALL);
                        Mqtt5BlockingClient.Mqtt5Publishes atLocal = localClient.publishes(MqttGlobalPublishFilter.ALL)) {
                    remoteClient.subscribeWith().topicFilter("cloud/" + name + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
                    localClient.subscribeWith().topicFilter(name + "/down/#").qos(MqttQos.AT_LEAST_ONCE).send();
                    await().atMost(Duration.ofSeconds(15)).until(() -> bridge.state() == MqttBridge.State.CONNECTED);

                    // up: local -> remote, renamed
                    localClient.publishWith().topic(name + "/up/line1/temp").qos(MqttQos.AT_LEAST_ONCE)
                            .payload("21.5".getBytes(StandardCharsets.UTF_8)).send();
                    Mqtt5Publish up = receive(atRemote);
                    assertThat(up.getTopic().toString()).isEqualTo("cloud/" + name + "/line1/temp");
                    assertThat(new String(up.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21.5");

                    // down: remote -> local, renamed (the bridge's SUBSCRIBE follows its CONNACK: retry until it is in)
                    await().atMost(Duration.ofSeconds(10)).until(() -> {
                        remoteClient.publishWith().topic("cmd/" + name + "/valve").qos(MqttQos.AT_LEAST_ONCE)
                                .payload("open".getBytes(StandardCharsets.UTF_8)).send();
                        Optional<Mqtt5Publish> m = atLocal.receive(300, TimeUnit.MILLISECONDS);
                        m.ifPresent(p -> assertThat(p.getTopic().toString()).isEqualTo(name + "/down/valve"));
                        return m.isPresent();
                    });
                } finally {
                    localClient.disconnect();
                    remoteClient.disconnect();
                }
            } finally {
                bridge.stop().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Mqtt5BlockingClient remoteClient(int port, boolean tls, boolean mosquitto, String id) throws Exception {
        Mqtt5ClientBuilder b = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port);
        if (tls) {
            TrustManagerFactory trust = TestPki.trustManagers(pki.ca);
            KeyManagerFactory keys = mosquitto ? null : TestPki.keyManagers(pki.client);
            b = b.sslConfig().trustManagerFactory(trust).keyManagerFactory(keys).applySslConfig();
        }
        Mqtt5BlockingClient c = b.buildBlocking();
        c.connect();
        return c;
    }

    private static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes got) throws InterruptedException {
        Optional<Mqtt5Publish> m = got.receive(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isPresent();
        return m.get();
    }
}
