package io.wrenmq.server.webhook;

import static io.wrenmq.server.webhook.WebhookEventsTest.hive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.BrokerEvents;
import io.wrenmq.broker.hook.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Event topics with a real subscriber, the embedder's listener API, and the new $SYS statistics. */
@Timeout(30)
class EventTopicsTest {
    @TempDir
    Path dir;

    @Test
    void connectAndDisconnectArePublishedInEmqxAndNanomqShapes() throws Exception {
        try (WebhookBroker b = new WebhookBroker(dir, "system.node_name = \"edge-1\"\n")) {
            Mqtt5BlockingClient watcher = hive(b.port(), "watcher", "ops");
            Mqtt5BlockingClient.Mqtt5Publishes inbox = watcher.publishes(MqttGlobalPublishFilter.ALL);
            watcher.subscribeWith().topicFilter("$SYS/brokers/edge-1/clients/+/+").qos(MqttQos.AT_MOST_ONCE).send();
            watcher.subscribeWith().topicFilter("$SYS/brokers/connected").send();
            watcher.subscribeWith().topicFilter("$SYS/brokers/disconnected").send();

            Mqtt5BlockingClient dev = Mqtt5Client.builder().identifier("dev-7").serverHost("127.0.0.1").serverPort(b.port())
                    .simpleAuth().username("sensor").applySimpleAuth().buildBlocking();
            dev.connectWith().cleanStart(false).keepAlive(45).send();
            Map<String, Mqtt5Publish> got = receive(inbox, 2);
            JsonNode emqx = json(got.get("$SYS/brokers/edge-1/clients/dev-7/connected"));
            assertThat(emqx.path("clientid").asText()).isEqualTo("dev-7");
            assertThat(emqx.path("username").asText()).isEqualTo("sensor");
            assertThat(emqx.path("ipaddress").asText()).isEqualTo("127.0.0.1");
            assertThat(emqx.path("proto_ver").asInt()).isEqualTo(5);
            assertThat(emqx.path("keepalive").asInt()).isEqualTo(45);
            assertThat(emqx.path("clean_start").asBoolean()).isFalse();
            assertThat(emqx.path("connected_at").asLong()).isPositive();
            Mqtt5Publish nano = got.get("$SYS/brokers/connected");
            assertThat(nano.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
            assertThat(nano.isRetain()).isFalse();
            JsonNode n = json(nano);
            assertThat(n.path("client_id").asText()).isEqualTo("dev-7");
            assertThat(n.path("username").asText()).isEqualTo("sensor");
            assertThat(n.path("proto_name").asText()).isEqualTo("MQTT");
            assertThat(n.path("proto_ver").asInt()).isEqualTo(5);
            assertThat(n.path("keepalive").asInt()).isEqualTo(45);
            assertThat(n.path("return_code").asText()).isEqualTo("0");
            assertThat(n.path("clean_start").asInt()).isZero();
            assertThat(n.path("IPv4").asText()).isEqualTo("127.0.0.1");
            assertThat(n.path("ts").asLong()).isGreaterThan(1_600_000_000_000L);

            dev.disconnect();
            got = receive(inbox, 2);
            JsonNode gone = json(got.get("$SYS/brokers/edge-1/clients/dev-7/disconnected"));
            assertThat(gone.path("reason").asText()).isEqualTo("normal");
            assertThat(gone.path("disconnected_at").asLong()).isPositive();
            assertThat(json(got.get("$SYS/brokers/disconnected")).path("client_id").asText()).isEqualTo("dev-7");
            watcher.disconnect();
        }
    }

    @Test
    void eventTopicsCanBeSwitchedOff() throws Exception {
        try (WebhookBroker b = new WebhookBroker(dir, "system.event_topics = false\n")) {
            Mqtt5BlockingClient watcher = hive(b.port(), "watcher", "ops");
            Mqtt5BlockingClient.Mqtt5Publishes inbox = watcher.publishes(MqttGlobalPublishFilter.ALL);
            watcher.subscribeWith().topicFilter("$SYS/brokers/connected").send();
            watcher.subscribeWith().topicFilter("marker").send();
            hive(b.port(), "dev-8", "x").disconnect();
            watcher.publishWith().topic("marker").payload(new byte[0]).send();
            assertThat(inbox.receive(5, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("marker");
            watcher.disconnect();
        }
    }

    /** An embedder's listener gets only the types it asked for; one that throws does not disturb the broker. */
    @Test
    void embedderListenersAndInterests() throws Exception {
        List<BrokerEvent> seen = new CopyOnWriteArrayList<>();
        BrokerEvents connectsOnly = new BrokerEvents() {
            @Override
            public Set<EventType> interests() {
                return EnumSet.of(EventType.CLIENT_CONNECTED);
            }

            @Override
            public void onEvent(BrokerEvent event) {
                seen.add(event);
            }
        };
        BrokerEvents broken = e -> {
            throw new IllegalStateException("listener bug");
        };
        BrokerConfig config = new BrokerConfig().tcp("127.0.0.1", 0);
        config.events().listener(connectsOnly).listener(broken).eventTopics(false);
        try (WrenBroker broker = new WrenBroker(config)) {
            broker.start();
            assertThat(broker.events().wants(EventType.CLIENT_CONNECTED)).isTrue();
            Mqtt5BlockingClient c = hive(broker.port(), "emb-1", "e");
            c.subscribeWith().topicFilter("x").qos(MqttQos.AT_LEAST_ONCE).send();
            c.publishWith().topic("x").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send(); // still works
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.events().listenerErrors.sum() > 3);
            assertThat(seen).hasSize(1).first().isInstanceOf(BrokerEvent.ClientConnected.class);
            assertThat(((BrokerEvent.ClientConnected) seen.get(0)).client().clientId()).isEqualTo("emb-1");
            broker.events().unregister(broken);
            broker.events().unregister(connectsOnly);
            assertThat(broker.events().wants(EventType.MESSAGE_PUBLISH)).isFalse();
            c.disconnect();
        }
    }

    /** Failed logins and refused (banned) connects show in the periodic $SYS statistics. */
    @Test
    void securityCountersInSysStatistics() throws Exception {
        Files.writeString(dir.resolve("pwd.conf"), "\"alice\": \"right\"\n");
        try (WebhookBroker b = new WebhookBroker(dir, "auth { allow_anonymous = false, password = {include \"pwd.conf\"} }\n"
                + "banned = [ { clientid = \"evil\" } ]\n")) {
            for (String id : List.of("wrong-pw", "evil")) {
                Mqtt5Client c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(b.port())
                        .simpleAuth().username("alice").password("nope".getBytes()).applySimpleAuth().build();
                assertThatThrownBy(() -> c.toBlocking().connect()).isInstanceOf(
                        com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException.class);
            }
            Map<String, String> stats = b.broker.sys().statistics();
            assertThat(stats.get("metrics/auth/failures")).isEqualTo("1");
            assertThat(stats.get("metrics/connections/refused/banned")).isEqualTo("1");
            assertThat(stats).containsKeys("metrics/tls/handshake_failures", "metrics/connections/refused/limit",
                    "metrics/subscriptions/refused");
        }
    }

    private static Map<String, Mqtt5Publish> receive(Mqtt5BlockingClient.Mqtt5Publishes inbox, int n) throws Exception {
        Map<String, Mqtt5Publish> out = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            Mqtt5Publish p = inbox.receive(5, TimeUnit.SECONDS).orElseThrow();
            out.put(p.getTopic().toString(), p);
        }
        return out;
    }

    private static JsonNode json(Mqtt5Publish p) throws Exception {
        assertThat(p).isNotNull();
        return HookReceiver.JSON.readTree(p.getPayloadAsBytes());
    }
}
