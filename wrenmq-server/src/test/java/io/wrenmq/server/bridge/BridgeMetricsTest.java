package io.wrenmq.server.bridge;

import static io.wrenmq.server.bridge.TestBridges.cache;
import static io.wrenmq.server.bridge.TestBridges.config;
import static io.wrenmq.server.bridge.TestBridges.forward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.it.TestBroker;
import io.wrenmq.codec.MqttVersion;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge's state, offline cache and counters in Prometheus ({@code wrenmq_bridge_*{bridge="<name>"}}) and in $SYS
 * ({@code $SYS/brokers/<node>/bridges/<name>/...}), for a connected, a connecting and a disabled bridge (issue #13).
 */
@Timeout(90)
class BridgeMetricsTest {
    private static final String SYS = "$SYS/brokers/" + BridgingServer.NODE + "/bridges/";

    @TempDir
    Path dir;

    @Test
    void prometheusAndSysShowEachBridgesStateCacheAndCounters() throws Exception {
        int deadPort = BridgingServer.freePort();
        try (TestBroker remote = TestBroker.start(c -> { });
                BridgingServer local = new BridgingServer(dir, "system.sys_interval = 1s\n", cache(1000),
                        config("up", remote.port(), MqttVersion.V5, List.of(forward("data/#", "")), List.of()),
                        config("down", deadPort, MqttVersion.V3_1_1, List.of(forward("data/#", "")), List.of()),
                        BridgeConfigBuilder.from(config("off", remote.port(), MqttVersion.V5, List.of(), List.of()))
                                .enable(false).build())) {
            BridgeApiTest.awaitState(local, "up", "connected");
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("pub").serverHost("127.0.0.1")
                    .serverPort(local.mqttPort()).buildBlocking();
            pub.connect();
            for (int i = 0; i < 4; i++) {
                pub.publishWith().topic("data/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, String> m = samples(local.send("GET", "/api/v4/prometheus", null));
                assertThat(m).containsEntry("wrenmq_bridge_state{bridge=\"up\"}", "2")
                        .containsEntry("wrenmq_bridge_state{bridge=\"down\"}", "1")
                        .containsEntry("wrenmq_bridge_state{bridge=\"off\"}", "0")
                        .containsEntry("wrenmq_bridge_cache_messages{bridge=\"down\"}", "4")
                        .containsEntry("wrenmq_bridge_cache_messages{bridge=\"up\"}", "0")
                        .containsEntry("wrenmq_bridge_messages_sent_total{bridge=\"up\"}", "4")
                        .containsEntry("wrenmq_bridge_messages_acked_total{bridge=\"up\"}", "4")
                        .containsEntry("wrenmq_bridge_connects_total{bridge=\"up\"}", "1")
                        .containsEntry("wrenmq_bridge_connects_total{bridge=\"down\"}", "0")
                        .containsEntry("wrenmq_bridge_cache_dropped_total{bridge=\"down\"}", "0")
                        .containsKeys("wrenmq_bridge_messages_received_total{bridge=\"up\"}",
                                "wrenmq_bridge_connections_lost_total{bridge=\"up\"}",
                                "wrenmq_bridge_cache_inflight_messages{bridge=\"up\"}");
            });
            String text = local.send("GET", "/metrics", null).body();
            assertThat(text).contains("# TYPE wrenmq_bridge_state gauge\n")
                    .contains("# TYPE wrenmq_bridge_messages_acked_total counter\n");

            Map<String, String> sys = new ConcurrentHashMap<>();
            Mqtt5BlockingClient watcher = Mqtt5Client.builder().identifier("watcher").serverHost("127.0.0.1")
                    .serverPort(local.mqttPort()).buildBlocking();
            watcher.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes got = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter(SYS + "#").qos(MqttQos.AT_MOST_ONCE).send();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    for (Optional<Mqtt5Publish> p = got.receive(100, TimeUnit.MILLISECONDS); p.isPresent();
                            p = got.receive(10, TimeUnit.MILLISECONDS)) {
                        sys.put(p.get().getTopic().toString().substring(SYS.length()),
                                new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
                    }
                    assertThat(sys).containsEntry("up/state", "connected").containsEntry("down/state", "connecting")
                            .containsEntry("off/state", "stopped").containsEntry("down/cache/depth", "4")
                            .containsEntry("up/messages/acked", "4").containsEntry("up/connects", "1")
                            .containsEntry("up/server", "mqtt-tcp://127.0.0.1:" + remote.port());
                });
            }
            watcher.disconnect();
            pub.disconnect();
        }
    }

    /** The samples of a Prometheus text answer: name{labels} -> value. */
    private static Map<String, String> samples(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .collect(Collectors.toMap(l -> l.substring(0, l.lastIndexOf(' ')), l -> l.substring(l.lastIndexOf(' ') + 1),
                        (a, b) -> b, LinkedHashMap::new));
    }
}
