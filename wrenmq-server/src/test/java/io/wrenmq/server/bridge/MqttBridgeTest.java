package io.wrenmq.server.bridge;

import static io.wrenmq.server.bridge.TestBridges.cache;
import static io.wrenmq.server.bridge.TestBridges.config;
import static io.wrenmq.server.bridge.TestBridges.forward;
import static io.wrenmq.server.bridge.TestBridges.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.netty.channel.EventLoopGroup;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.it.TestBroker;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.client.MqttClient;
import io.wrenmq.codec.MqttVersion;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT bridges between two real WrenMQ brokers on loopback ports (issue #13): forwards and subscriptions with remaps,
 * prefixes and suffixes, QoS and retain overrides, loop safety, and the offline cache across an outage of the remote.
 * Real clients (HiveMQ MQTT client, v3.1.1 and v5) publish and subscribe on both ends.
 */
@Timeout(90)
class MqttBridgeTest {
    @TempDir
    Path dir;

    private EventLoopGroup loops;
    private final List<MqttBridge> bridges = new ArrayList<>();
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void loops() {
        loops = MqttClient.newEventLoopGroup(1, "test-bridge");
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttBridge b : bridges) {
            b.stop().get(10, TimeUnit.SECONDS);
        }
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void forwardsLocalMessagesWithRemapPrefixSuffixAndOverrides() throws Exception {
        TestBroker remote = broker(c -> { });
        TestBroker local = broker(c -> { });
        List<BridgeForward> forwards = List.of(
                forward("topic1", "fwd/topic1"),                                             // plain rename
                new BridgeForward("site/+/temp/#", "t/+/#", 2, 1, "edge7/", "/raw"),         // pattern, QoS 2, retain
                new BridgeForward("keep/#", "", 0, BridgeForward.KEEP_RETAIN, "", ""));        // QoS 0 down-grade
        start(config("f", remote.port(), MqttVersion.V3_1_1, forwards, List.of()), cache(1000), local);

        Mqtt5BlockingClient remoteSub = v5(remote, "remote-sub");
        try (Mqtt5BlockingClient.Mqtt5Publishes got = remoteSub.publishes(MqttGlobalPublishFilter.ALL)) {
            // Retain As Published: the flag the bridge sent, not the one a live delivery would clear [MQTT-3.3.1-9]
            remoteSub.subscribeWith().topicFilter("#").qos(MqttQos.EXACTLY_ONCE).retainAsPublished(true).send();
            Mqtt3BlockingClient pub = v3(local, "local-pub");
            awaitConnected();
            pub.publishWith().topic("topic1").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("a")).send();
            pub.publishWith().topic("site/3/temp/x/y").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("b")).send();
            pub.publishWith().topic("keep/it").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("c")).send();
            pub.publishWith().topic("other").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("not forwarded")).send();

            Mqtt5Publish a = receive(got);
            assertThat(a.getTopic().toString()).isEqualTo("fwd/topic1");
            assertThat(a.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            Mqtt5Publish b = receive(got);
            assertThat(b.getTopic().toString()).isEqualTo("edge7/t/3/x/y/raw");
            assertThat(b.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(b.isRetain()).isTrue();
            Mqtt5Publish c = receive(got);
            assertThat(c.getTopic().toString()).isEqualTo("keep/it");
            assertThat(c.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
            assertThat(got.receive(300, TimeUnit.MILLISECONDS)).as("a topic no forward names").isEmpty();
        }
        assertThat(bridges.get(0).stats().acked()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void subscriptionsBringRemoteMessagesInWithRemapAndRetainOverride() throws Exception {
        TestBroker remote = broker(c -> { });
        TestBroker local = broker(c -> { });
        List<BridgeSubscription> subs = List.of(
                subscription("cmd/topic3", "topic3", 1),
                new BridgeSubscription("dev/+/set/#", "+/#", 2, 0, false, 0, true, "in/", ""));
        start(config("s", remote.port(), MqttVersion.V5, List.of(), subs), cache(1000), local);

        Mqtt3BlockingClient localSub = v3(local, "local-sub");
        try (Mqtt3BlockingClient.Mqtt3Publishes got = localSub.publishes(MqttGlobalPublishFilter.ALL)) {
            localSub.subscribeWith().topicFilter("#").qos(MqttQos.EXACTLY_ONCE).send();
            awaitConnected();
            Mqtt5BlockingClient pub = v5(remote, "cloud-app");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                // the bridge's remote SUBSCRIBE follows its CONNACK: publish until the first one arrives
                pub.publishWith().topic("cmd/topic3").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("probe")).send();
                return got.receive(200, TimeUnit.MILLISECONDS).isPresent();
            });
            drain(got);
            pub.publishWith().topic("cmd/topic3").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x")).send();
            Mqtt3Publish x = receive3(got);
            assertThat(x.getTopic().toString()).isEqualTo("topic3");
            assertThat(new String(x.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("x");
            pub.publishWith().topic("dev/9/set/valve/open").qos(MqttQos.EXACTLY_ONCE).retain(true).payload(bytes("y")).send();
            Mqtt3Publish y = receive3(got);
            assertThat(y.getTopic().toString()).isEqualTo("in/9/valve/open");
            assertThat(y.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(y.isRetain()).as("retain = 0 overrides").isFalse();
        }
    }

    /**
     * Forward and subscription over the same topics, both ways: each message crosses once and does not come back (No
     * Local on the remote for v5, and on the bridge's own session for what it brought in).
     */
    @Test
    void aMessageCrossesOnceAndDoesNotLoop() throws Exception {
        TestBroker remote = broker(c -> { });
        TestBroker local = broker(c -> { });
        start(config("loop", remote.port(), MqttVersion.V5, List.of(forward("shared/#", "")),
                List.of(subscription("shared/#", "", 1))), cache(1000), local);
        Mqtt5BlockingClient localClient = v5(local, "local-c");
        Mqtt5BlockingClient remoteClient = v5(remote, "remote-c");
        try (Mqtt5BlockingClient.Mqtt5Publishes atLocal = localClient.publishes(MqttGlobalPublishFilter.ALL);
                Mqtt5BlockingClient.Mqtt5Publishes atRemote = remoteClient.publishes(MqttGlobalPublishFilter.ALL)) {
            localClient.subscribeWith().topicFilter("shared/#").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
            remoteClient.subscribeWith().topicFilter("shared/#").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
            awaitConnected();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                remoteClient.publishWith().topic("shared/probe").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("p")).send();
                return atLocal.receive(200, TimeUnit.MILLISECONDS).isPresent();
            });
            drain(atLocal);
            drain(atRemote);

            localClient.publishWith().topic("shared/up").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("up")).send();
            assertThat(receive(atRemote).getTopic().toString()).isEqualTo("shared/up");
            remoteClient.publishWith().topic("shared/down").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("down")).send();
            assertThat(receive(atLocal).getTopic().toString()).isEqualTo("shared/down");
            assertThat(atRemote.receive(500, TimeUnit.MILLISECONDS)).as("no echo of shared/down").isEmpty();
            assertThat(atLocal.receive(100, TimeUnit.MILLISECONDS)).as("no echo of shared/up").isEmpty();
        }
    }

    /**
     * The remote is stopped while numbered QoS 1 messages are published locally, then started again on its port: all
     * arrive, in order, each at least once, with duplicates bounded by the window.
     */
    @Test
    void messagesPublishedWhileTheRemoteIsDownArriveInOrderAfterIt() throws Exception {
        int port = freePort();
        Path remoteDb = dir.resolve("remote.db");
        TestBroker remote = persistentBroker(port, remoteDb);
        TestBroker local = broker(c -> { });
        start(config("o", port, MqttVersion.V3_1_1, List.of(forward("data/#", "")), List.of()), cache(100_000), local);

        Mqtt3BlockingClient remoteSub = v3Persistent(remote, "archive");
        remoteSub.subscribeWith().topicFilter("data/#").qos(MqttQos.AT_LEAST_ONCE).send();
        remoteSub.disconnect();
        awaitConnected();
        Mqtt3BlockingClient pub = v3(local, "numbered");
        int n = 0;
        for (; n < 100; n++) {
            pub.publishWith().topic("data/seq").qos(MqttQos.AT_LEAST_ONCE).payload(bytes(Integer.toString(n))).send();
        }
        remote.close(); // the cloud goes away
        closeLast.remove(remote);
        await().atMost(Duration.ofSeconds(10)).until(() -> bridges.get(0).state() == MqttBridge.State.CONNECTING);
        for (; n < 600; n++) {
            pub.publishWith().topic("data/seq").qos(MqttQos.AT_LEAST_ONCE).payload(bytes(Integer.toString(n))).send();
        }
        remote = persistentBroker(port, remoteDb); // and comes back
        awaitConnected();
        List<Integer> seen = new ArrayList<>();
        Mqtt3BlockingClient again = Mqtt3Client.builder().identifier("archive").serverHost(remote.host())
                .serverPort(remote.port()).buildBlocking();
        // the session's messages come right after CONNACK: listen before connecting
        try (Mqtt3BlockingClient.Mqtt3Publishes got = again.publishes(MqttGlobalPublishFilter.ALL)) {
            again.connectWith().cleanSession(false).send();
            closeLast.add(() -> disconnectQuietly(again::disconnect));
            while (seen.isEmpty() || seen.get(seen.size() - 1) < 599) {
                Optional<Mqtt3Publish> m = got.receive(15, TimeUnit.SECONDS);
                assertThat(m).as("message after " + (seen.isEmpty() ? "none" : seen.get(seen.size() - 1))).isPresent();
                seen.add(Integer.parseInt(new String(m.get().getPayloadAsBytes(), StandardCharsets.UTF_8)));
            }
        }
        assertInOrderAtLeastOnce(seen, 600, 32);
    }

    /**
     * Hybrid bridging: the first server is down, so the bridge links to the second; when the first comes up it moves
     * back (within backoff_max, 2 s here) and forwards go there again.
     */
    @Test
    void failsOverToTheNextServerAndComesBack() throws Exception {
        int firstPort = freePort();
        TestBroker second = broker(c -> { });
        TestBroker local = broker(c -> { });
        start(config("h", List.of(TestBridges.server(firstPort), TestBridges.server(second.port())), MqttVersion.V5,
                List.of(forward("h/#", "")), List.of()), cache(1000), local);
        awaitConnected();
        assertThat(bridges.get(0).server()).endsWith(":" + second.port());
        Mqtt5BlockingClient atSecond = v5(second, "at-second");
        Mqtt5BlockingClient pub = v5(local, "h-pub");
        try (Mqtt5BlockingClient.Mqtt5Publishes got = atSecond.publishes(MqttGlobalPublishFilter.ALL)) {
            atSecond.subscribeWith().topicFilter("h/#").qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic("h/1").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("to second")).send();
            assertThat(receive(got).getTopic().toString()).isEqualTo("h/1");
        }
        TestBroker first = broker(c -> c.tcp("127.0.0.1", firstPort));
        await().atMost(Duration.ofSeconds(15)).until(() -> bridges.get(0).server().endsWith(":" + firstPort)
                && bridges.get(0).state() == MqttBridge.State.CONNECTED);
        Mqtt5BlockingClient atFirst = v5(first, "at-first");
        try (Mqtt5BlockingClient.Mqtt5Publishes got = atFirst.publishes(MqttGlobalPublishFilter.ALL)) {
            atFirst.subscribeWith().topicFilter("h/#").qos(MqttQos.AT_LEAST_ONCE).send();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                // the forward session attaches to the new link right after its CONNACK
                pub.publishWith().topic("h/2").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("to first")).send();
                return got.receive(300, TimeUnit.MILLISECONDS).isPresent();
            });
        }
        assertThat(second.broker().sessions().get("edge-bridge-h")).as("the old link was closed")
                .satisfiesAnyOf(s -> assertThat(s).isNull(), s -> assertThat(s.isOnline()).isFalse());
    }

    /**
     * Transparent bridging: what local clients subscribe to is subscribed on the remote (once per filter), and
     * unsubscribed there when the last local holder unsubscribes or its session ends.
     */
    @Test
    void transparentBridgingMirrorsLocalSubscriptions() throws Exception {
        TestBroker remote = broker(c -> { });
        TestBroker local = broker(c -> { });
        Mqtt3BlockingClient early = v3(local, "early"); // subscribed before the bridge starts: found at start
        early.subscribeWith().topicFilter("early/#").qos(MqttQos.AT_LEAST_ONCE).send();
        BridgeConfig base = config("tr", remote.port(), MqttVersion.V5, List.of(), List.of());
        start(new BridgeConfig(base.name(), true, base.servers(), base.version(), base.clientId(), base.keepAlive(),
                base.backoffMax(), base.cleanStart(), null, null, null, base.connProperties(), null, List.of(), List.of(),
                0, base.subscriptionUserProperties(), true, 2, 32, 32, 128, base.resendInterval(), base.resendWait(),
                base.cancelTimeout()), cache(1000), local);
        awaitConnected();
        Mqtt3BlockingClient a = v3(local, "a");
        Mqtt3BlockingClient b = v3(local, "b");
        a.subscribeWith().topicFilter("t/#").qos(MqttQos.AT_LEAST_ONCE).send();
        b.subscribeWith().topicFilter("t/#").qos(MqttQos.AT_MOST_ONCE).send();
        await().atMost(Duration.ofSeconds(10)).until(() -> remoteFilters(remote, "edge-bridge-tr").containsAll(List.of("t/#", "early/#")));
        Mqtt5BlockingClient cloud = v5(remote, "cloud");
        try (Mqtt3BlockingClient.Mqtt3Publishes got = a.publishes(MqttGlobalPublishFilter.ALL)) {
            cloud.publishWith().topic("t/x").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("down")).send();
            Mqtt3Publish m = receive3(got);
            assertThat(m.getTopic().toString()).isEqualTo("t/x");
        }
        a.unsubscribeWith().topicFilter("t/#").send();
        Thread.sleep(300);
        assertThat(remoteFilters(remote, "edge-bridge-tr")).as("b still holds t/#").contains("t/#");
        b.disconnect(); // a clean session ends: its subscriptions with it
        await().atMost(Duration.ofSeconds(10)).until(() -> !remoteFilters(remote, "edge-bridge-tr").contains("t/#"));
        assertThat(remoteFilters(remote, "edge-bridge-tr")).contains("early/#");
    }

    private static List<String> remoteFilters(TestBroker remote, String clientId) throws Exception {
        Session s = remote.broker().sessions().get(clientId);
        if (s == null) {
            return List.of();
        }
        CompletableFuture<List<String>> out = new CompletableFuture<>();
        s.execute(() -> {
            List<String> filters = new ArrayList<>();
            s.subscriptions().forEach(e -> filters.add(e.options().topicFilter()));
            out.complete(filters);
        });
        return out.get(5, TimeUnit.SECONDS);
    }

    /** Every number 0..count-1 arrives; a number below the highest seen so far only as a resend within the window. */
    static void assertInOrderAtLeastOnce(List<Integer> seen, int count, int window) {
        assertThat(seen).as("every message arrived").containsAll(IntStream.range(0, count).boxed().toList());
        int highest = -1;
        int duplicates = 0;
        for (int v : seen) {
            if (v <= highest) {
                duplicates++;
                assertThat(highest - v).as("a resend goes back at most one window").isLessThan(window);
            } else {
                assertThat(v).as("no gap: the next new number").isEqualTo(highest + 1);
                highest = v;
            }
        }
        assertThat(duplicates).as("duplicates bounded by what was in flight").isLessThanOrEqualTo(window * 2);
    }

    // ---- helpers ----

    private void start(BridgeConfig config, BridgeCacheConfig cache, TestBroker local) throws Exception {
        MqttBridge b = new MqttBridge(config, cache, local.broker(), loops.next());
        bridges.add(b);
        b.start().get(10, TimeUnit.SECONDS);
    }

    private void awaitConnected() {
        await().atMost(Duration.ofSeconds(15)).until(() -> bridges.stream().allMatch(b -> b.state() == MqttBridge.State.CONNECTED));
    }

    private TestBroker broker(Consumer<BrokerConfig> tweak) {
        TestBroker b = TestBroker.start(tweak);
        closeLast.add(b);
        return b;
    }

    private TestBroker persistentBroker(int port, Path db) {
        return broker(c -> c.tcp("127.0.0.1", port).persistence(new PersistenceConfig().type(PersistenceConfig.Type.SQLITE)
                .path(db).sync(PersistenceConfig.Sync.NORMAL)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Mqtt5BlockingClient v5(TestBroker b, String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildBlocking();
        c.connect();
        closeLast.add(() -> disconnectQuietly(c::disconnect));
        return c;
    }

    private Mqtt3BlockingClient v3(TestBroker b, String id) {
        Mqtt3BlockingClient c = Mqtt3Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildBlocking();
        c.connect();
        closeLast.add(() -> disconnectQuietly(c::disconnect));
        return c;
    }

    private Mqtt3BlockingClient v3Persistent(TestBroker b, String id) {
        Mqtt3BlockingClient c = Mqtt3Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildBlocking();
        c.connectWith().cleanSession(false).send();
        closeLast.add(() -> disconnectQuietly(c::disconnect));
        return c;
    }

    private static void disconnectQuietly(Runnable disconnect) {
        try {
            disconnect.run();
        } catch (RuntimeException e) {
            // already disconnected
        }
    }

    private static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes got) throws InterruptedException {
        Optional<Mqtt5Publish> m = got.receive(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isPresent();
        return m.get();
    }

    private static Mqtt3Publish receive3(Mqtt3BlockingClient.Mqtt3Publishes got) throws InterruptedException {
        Optional<Mqtt3Publish> m = got.receive(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isPresent();
        return m.get();
    }

    private static void drain(Mqtt5BlockingClient.Mqtt5Publishes got) throws InterruptedException {
        while (got.receive(300, TimeUnit.MILLISECONDS).isPresent()) {
            // probes
        }
    }

    private static void drain(Mqtt3BlockingClient.Mqtt3Publishes got) throws InterruptedException {
        while (got.receive(300, TimeUnit.MILLISECONDS).isPresent()) {
            // probes
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
