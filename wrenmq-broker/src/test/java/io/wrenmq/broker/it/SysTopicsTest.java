package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.WireClient.PUBACK;
import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static io.wrenmq.broker.it.WireClient.PUBREC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.it.RoutingTest.Hive;
import io.wrenmq.broker.it.WireClient.Packet;
import io.wrenmq.broker.it.WireClient.Props;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The broker's own $SYS topics: static facts (retained), periodic statistics, and no client writes. */
@Timeout(30)
class SysTopicsTest {
    private static final String NODE = "wren-sys-test";
    private static final String PREFIX = "$SYS/brokers/" + NODE + "/";
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> c.nodeName(NODE)); // sysInterval 1 s from TestBroker
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    /** $SYS/brokers/<node>/version is retained: a new subscriber gets it at once, with RETAIN=1 [MQTT-3.3.1-8]. */
    @Test
    void versionIsRetained() throws Exception {
        try (Hive sub = new Hive(broker, "sys-version")) {
            sub.sub("$SYS/brokers/+/version", 1);
            Mqtt5Publish v = sub.take();
            assertThat(v.getTopic().toString()).isEqualTo(PREFIX + "version");
            assertThat(v.isRetain()).isTrue();
            assertThat(text(v)).isEqualTo(WrenBroker.version());
            sub.sub("$SYS/brokers", 1);
            assertThat(text(sub.take())).isEqualTo(NODE);
        }
    }

    /**
     * Statistics are published every sysInterval (1 s here) and follow the broker's state:
     * stats/connections/count rises when clients connect; metrics/messages/received rises when they publish.
     */
    @Test
    void statisticsArePublishedPeriodicallyAndMove() throws Exception {
        Map<String, Long> latest = new ConcurrentHashMap<>();
        List<Hive> extra = new ArrayList<>();
        try (Hive sub = new Hive(broker, "sys-stats")) {
            sub.client.toAsync().subscribeWith().topicFilter(PREFIX + "stats/connections/count")
                    .qos(MqttQos.AT_MOST_ONCE).send().join();
            sub.client.toAsync().subscribeWith().topicFilter(PREFIX + "metrics/messages/received")
                    .qos(MqttQos.AT_MOST_ONCE).send().join();
            // wait for a live (non-retained) update, proving periodic publication
            int[] live = {0};
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                drain(sub, latest, live);
                return live[0] >= 2;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                drain(sub, latest, live);
                return latest.getOrDefault("stats/connections/count", -1L)
                        == broker.broker().metrics().clientsConnected.get();
            });
            long connections = latest.get("stats/connections/count");
            long received = latest.get("metrics/messages/received");
            for (int i = 0; i < 3; i++) {
                extra.add(new Hive(broker, "sys-extra-" + i));
            }
            for (int i = 0; i < 5; i++) {
                extra.get(0).pub("sys/any", 1, "m" + i);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                drain(sub, latest, live);
                assertThat(latest.get("stats/connections/count")).isEqualTo(connections + 3);
                assertThat(latest.get("metrics/messages/received")).isGreaterThanOrEqualTo(received + 5);
            });
        } finally {
            extra.forEach(Hive::close);
        }
    }

    /**
     * Another part of the process adds entries to each round (the server's bridges): answered asynchronously, published
     * retained under the node's prefix with the broker's own statistics.
     */
    @Test
    void anAddedSourceIsPublishedWithEachRound() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        broker.broker().sys().addSource(() -> CompletableFuture.supplyAsync(
                () -> Map.of("extra/rounds", Integer.toString(rounds.incrementAndGet()))));
        try (Hive sub = new Hive(broker, "sys-source")) {
            sub.sub(PREFIX + "extra/rounds", 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                Mqtt5Publish p = sub.received.poll();
                return p != null && !p.isRetain() && Integer.parseInt(text(p)) >= 2;
            });
        }
    }

    private static void drain(Hive sub, Map<String, Long> latest, int[] live) {
        Mqtt5Publish p;
        while ((p = sub.received.poll()) != null) {
            latest.put(p.getTopic().toString().substring(PREFIX.length()), Long.parseLong(text(p)));
            if (!p.isRetain()) {
                live[0]++;
            }
        }
    }

    /**
     * Clients cannot publish into $SYS: v5 QoS 1 gets PUBACK 0x87 Not authorized, QoS 2 PUBREC 0x87; nothing
     * is routed or retained (the version stays the broker's); a v3.1.1 client's message is dropped too.
     */
    @Test
    void clientsCannotPublishToSys() throws Exception {
        try (WireClient v5 = WireClient.connect(broker, "sys-writer"); WireClient v3 = WireClient.connectV311(broker,
                "sys-writer3"); WireClient watcher = WireClient.connect(broker, "sys-watcher")) {
            watcher.subscribeAndWait(1, PREFIX + "fake/#", 1, new Props());
            v5.publish(PREFIX + "fake/a", 1, 1, "x");
            assertThat(v5.expect(PUBACK).reasonCode()).isEqualTo(0x87);
            v5.publish(PREFIX + "fake/b", 2, 2, "x");
            assertThat(v5.expect(PUBREC).reasonCode()).isEqualTo(0x87);
            v5.publish(PREFIX + "fake/c", 0, 0, "x");
            v5.publish(PREFIX + "version", 1, 3, false, true, new Props(), "hacked".getBytes(StandardCharsets.UTF_8));
            assertThat(v5.expect(PUBACK).reasonCode()).isEqualTo(0x87);
            v3.publish(PREFIX + "fake/d", 1, 1, "x");
            v3.expect(PUBACK);
            watcher.expectNothing(300);
            watcher.subscribeAndWait(2, PREFIX + "version", 1, new Props());
            Packet version = watcher.expect(PUBLISH);
            assertThat(version.payloadString()).isEqualTo(WrenBroker.version());
        }
    }
}
