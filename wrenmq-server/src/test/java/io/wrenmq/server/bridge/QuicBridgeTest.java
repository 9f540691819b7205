package io.wrenmq.server.bridge;

import static io.wrenmq.server.bridge.TestBridges.cache;
import static io.wrenmq.server.bridge.TestBridges.config;
import static io.wrenmq.server.bridge.TestBridges.forward;
import static io.wrenmq.server.bridge.TestBridges.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.transport.TestPki;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.QuicOptions;
import io.wrenmq.client.ReceivedMessage;
import io.wrenmq.codec.MqttVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bridge over QUIC (issue #16): the local broker's bridge connects with server = mqtt-quic:// to the remote broker's
 * quic listener, trusting its CA from the ssl block; messages go both ways (forwards up, subscriptions down) at QoS 1
 * and 2, and the remote sees the bridge's QUIC peer address.
 */
@Timeout(60)
class QuicBridgeTest {
    @TempDir
    static Path dir;

    private final EventLoopGroup loops = MqttClient.newEventLoopGroup(1, "test-quic-bridge");
    private final List<AutoCloseable> closeLast = new CopyOnWriteArrayList<>();
    private MqttBridge bridge;

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.stop().get(10, TimeUnit.SECONDS);
        }
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void messagesGoBothWaysOverQuic(MqttVersion version) throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve(version.name())));
        WrenBroker remote = remote(pki);
        WrenBroker local = broker(ListenerConfig.tcp("127.0.0.1", 0));
        BridgeServer server = quicServer(remote);
        BridgeTlsConfig tls = new BridgeTlsConfig(pki.file("ca.pem"), null, null, null, true, null);
        bridge = new MqttBridge(config("q", List.of(server), version, List.of(forward("up/#", "")),
                List.of(subscription("down/#", "", 2)), tls), cache(100), local, loops.next());
        bridge.start().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).until(() -> bridge.state() == MqttBridge.State.CONNECTED);

        List<ReceivedMessage> atRemote = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> atLocal = new CopyOnWriteArrayList<>();
        MqttClient remoteClient = client(remote, "remote-" + version, atRemote);
        MqttClient localClient = client(local, "local-" + version, atLocal);
        remoteClient.subscribe("up/#", 2).join();
        localClient.subscribe("down/#", 2).join();
        localClient.publish("up/1", "from local", 1, false).join();
        remoteClient.publish("down/2", "from remote", 2, false).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> atRemote.size() == 1 && atLocal.size() == 1);
        assertThat(atRemote.get(0).topic()).isEqualTo("up/1");
        assertThat(new String(atRemote.get(0).payload())).isEqualTo("from local");
        assertThat(atLocal.get(0).topic()).isEqualTo("down/2");
        assertThat(atLocal.get(0).qos()).isEqualTo(2);
        assertThat(remote.sessions().get("edge-bridge-q").connectionDetails().listener()).isEqualTo("quic:default");
    }

    /** A remote whose certificate is not signed by the ssl block's CA is refused: the bridge keeps retrying, unconnected. */
    @Test
    void anUntrustedRemoteIsNotConnected() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("untrusted")));
        WrenBroker remote = remote(pki);
        WrenBroker local = broker(ListenerConfig.tcp("127.0.0.1", 0));
        BridgeServer server = quicServer(remote);
        BridgeTlsConfig otherCa = new BridgeTlsConfig(pki.file("other-ca.pem"), null, null, null, true, null);
        bridge = new MqttBridge(config("u", List.of(server), MqttVersion.V5, List.of(forward("up/#", "")), List.of(),
                otherCa), cache(100), local, loops.next());
        bridge.start().get(10, TimeUnit.SECONDS);
        // several attempts (1s, 2s backoff) within the window, none connected
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> bridge.state() != MqttBridge.State.CONNECTED && bridge.stats().connects() == 0);
        assertThat(remote.sessions().get("edge-bridge-u")).isNull();
    }

    /** The remote broker: TCP for the test's clients, QUIC for the bridge. */
    private WrenBroker remote(TestPki pki) {
        return broker(ListenerConfig.tcp("127.0.0.1", 0), ListenerConfig.quic("127.0.0.1", 0,
                TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"))));
    }

    private static BridgeServer quicServer(WrenBroker remote) {
        int port = remote.boundAddresses().get(1).getPort();
        return new BridgeServer("mqtt-quic://127.0.0.1:" + port, "127.0.0.1", port, true, QuicOptions.DEFAULTS);
    }

    /** The first listener is the clients' TCP one. */
    private WrenBroker broker(ListenerConfig... listeners) {
        WrenBroker b = new WrenBroker(new BrokerConfig().listeners(List.of(listeners)).sysInterval(Duration.ZERO)
                .eventLoopThreads(1));
        b.start();
        closeLast.add(b::stop);
        return b;
    }

    private MqttClient client(WrenBroker b, String id, List<ReceivedMessage> inbox) {
        int port = b.boundAddresses().get(0).getPort();
        MqttClient c = MqttClient.builder().host("127.0.0.1").port(port).clientId(id).build();
        closeLast.add(c);
        c.onMessage(inbox::add);
        c.connect().join();
        return c;
    }
}
