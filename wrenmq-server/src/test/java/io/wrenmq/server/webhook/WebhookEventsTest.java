package io.wrenmq.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each of the 12 events reaches a real HTTP receiver with NanoMQ's / EMQX's JSON body, from real MQTT clients. */
@Timeout(60)
class WebhookEventsTest {
    private static final String ALL_EVENTS = "events = [ " + String.join(", ", java.util.Arrays.stream(
            io.wrenmq.broker.hook.EventType.values()).map(t -> "{ event = \"" + t.hookName() + "\" }").toList()) + " ]\n";

    @TempDir
    Path dir;

    static Mqtt5BlockingClient hive(int port, String id, String username) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port)
                .simpleAuth().username(username).applySimpleAuth().buildBlocking();
        c.connectWith().cleanStart(true).keepAlive(30).send();
        return c;
    }

    @Test
    void everyEventArrivesWithItsBody() throws Exception {
        try (HookReceiver hook = new HookReceiver();
                WebhookBroker b = new WebhookBroker(dir, "banned = [ { clientid = \"evil\" } ]\n"
                        + "webhook { url = \"" + hook.url() + "\", pool_size = 1\n" + ALL_EVENTS + "}\n")) {
            Mqtt5BlockingClient sub = hive(b.port(), "sub-1", "bob");
            sub.subscribeWith().topicFilter("t/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient.Mqtt5Publishes inbox = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
            Mqtt5BlockingClient pub = hive(b.port(), "pub-1", "alice");
            pub.publishWith().topic("t/1").qos(MqttQos.AT_LEAST_ONCE).retain(false)
                    .payload("hello".getBytes(StandardCharsets.UTF_8)).send();
            Mqtt5Publish got = inbox.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(got.getTopic().toString()).isEqualTo("t/1"); // HiveMQ acknowledges (PUBACK) at once
            await().atMost(Duration.ofSeconds(10)).until(() -> !hook.bodies("message_acked").isEmpty());
            sub.unsubscribeWith().topicFilter("t/#").send();
            sub.disconnect();
            Mqtt5Client evil = Mqtt5Client.builder().identifier("evil").serverHost("127.0.0.1").serverPort(b.port()).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> evil.toBlocking().connect())
                    .isInstanceOf(Mqtt5ConnAckException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !hook.bodies("session_terminated").isEmpty()
                    && hook.bodies("client_connack").size() == 3);
            pub.disconnect();

            JsonNode connect = only(hook, "client_connect", "sub-1");
            assertThat(connect.path("username").asText()).isEqualTo("bob");
            assertThat(connect.path("ipaddress").asText()).isEqualTo("127.0.0.1");
            assertThat(connect.path("keepalive").asInt()).isEqualTo(30);
            assertThat(connect.path("proto_ver").asInt()).isEqualTo(5);

            JsonNode connack = only(hook, "client_connack", "sub-1");
            assertThat(connack.path("conn_ack").asText()).isEqualTo("success");
            assertThat(connack.path("keepalive").asInt()).isEqualTo(30);
            assertThat(connack.path("proto_ver").asInt()).isEqualTo(5);
            JsonNode refused = only(hook, "client_connack", "evil");
            assertThat(refused.path("conn_ack").asText()).isEqualTo("banned");
            assertThat(refused.path("username").asText()).isEqualTo("undefined"); // NanoMQ's word for none

            JsonNode connected = only(hook, "client_connected", "sub-1");
            assertThat(connected.path("username").asText()).isEqualTo("bob");
            assertThat(connected.path("connected_at").asLong()).isBetween(System.currentTimeMillis() / 1000 - 60,
                    System.currentTimeMillis() / 1000);
            assertThat(hook.bodies("client_connected")).noneMatch(n -> n.path("clientid").asText().equals("evil"));

            JsonNode subscribe = only(hook, "client_subscribe", "sub-1");
            assertThat(subscribe.path("topic").asText()).isEqualTo("t/#");
            assertThat(subscribe.path("opts").path("qos").asInt()).isEqualTo(1);
            JsonNode subscribed = only(hook, "session_subscribed", "sub-1");
            assertThat(subscribed.path("topic").asText()).isEqualTo("t/#");
            assertThat(subscribed.path("opts").path("qos").asInt()).isEqualTo(1);

            JsonNode publish = hook.bodies("message_publish").get(0);
            assertThat(publish.path("from_client_id").asText()).isEqualTo("pub-1");
            assertThat(publish.path("from_username").asText()).isEqualTo("alice");
            assertThat(publish.path("topic").asText()).isEqualTo("t/1");
            assertThat(publish.path("qos").asInt()).isEqualTo(1);
            assertThat(publish.path("retain").asBoolean()).isFalse();
            assertThat(publish.path("payload").asText()).isEqualTo("hello");
            assertThat(publish.path("ts").asLong()).isGreaterThan(1_600_000_000_000L); // milliseconds

            for (String action : List.of("message_delivered", "message_acked")) {
                JsonNode m = only(hook, action, "sub-1");
                assertThat(m.path("username").asText()).as(action).isEqualTo("bob");
                assertThat(m.path("from_client_id").asText()).as(action).isEqualTo("pub-1");
                assertThat(m.path("from_username").asText()).as(action).isEqualTo("alice");
                assertThat(m.path("topic").asText()).as(action).isEqualTo("t/1");
                assertThat(m.path("qos").asInt()).as(action).isEqualTo(1);
                assertThat(m.path("payload").asText()).as(action).isEqualTo("hello");
            }

            assertThat(only(hook, "client_unsubscribe", "sub-1").path("topic").asText()).isEqualTo("t/#");
            assertThat(only(hook, "session_unsubscribed", "sub-1").path("topic").asText()).isEqualTo("t/#");
            assertThat(only(hook, "client_disconnected", "sub-1").path("reason").asText()).isEqualTo("normal");
            assertThat(only(hook, "session_terminated", "sub-1").path("reason").asText()).isEqualTo("normal");

            HookReceiver.Request any = hook.requests().get(0);
            assertThat(any.method()).isEqualTo("POST");
            assertThat(any.path()).isEqualTo("/hook");
            assertThat(any.headers().getFirst("Content-Type")).isEqualTo("application/json");
        }
    }

    /** QoS 2: on_message_acked fires at PUBCOMP; an MQTT 3.1.1 client (Paho) has proto_ver 4. */
    @Test
    void qos2AckAndMqtt311Client() throws Exception {
        try (HookReceiver hook = new HookReceiver();
                WebhookBroker b = new WebhookBroker(dir, "webhook { url = \"" + hook.url() + "\"\n"
                        + "events = [ { event = \"on_message_acked\" }, { event = \"on_client_connected\" },"
                        + " { event = \"on_client_disconnected\" } ] }\n")) {
            MqttClient paho = new MqttClient("tcp://127.0.0.1:" + b.port(), "paho-3", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setKeepAliveInterval(20);
            paho.connect(o);
            java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
            paho.subscribe("q2/#", 2, (topic, msg) -> arrived.countDown());
            Mqtt5BlockingClient pub = hive(b.port(), "pub-2", "carol");
            pub.publishWith().topic("q2/x").qos(MqttQos.EXACTLY_ONCE).payload(new byte[] {1, 2, 3}).send();
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !hook.bodies("message_acked").isEmpty());
            JsonNode acked = only(hook, "message_acked", "paho-3");
            assertThat(acked.path("qos").asInt()).isEqualTo(2);
            assertThat(acked.path("from_username").asText()).isEqualTo("carol");
            assertThat(acked.path("username").asText()).isEqualTo("undefined");
            JsonNode connected = only(hook, "client_connected", "paho-3");
            assertThat(connected.path("proto_ver").asInt()).isEqualTo(4);
            assertThat(connected.path("keepalive").asInt()).isEqualTo(20);
            paho.disconnectForcibly(0, 1000); // the socket closes without DISCONNECT
            paho.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !hook.bodies("client_disconnected").isEmpty());
            assertThat(only(hook, "client_disconnected", "paho-3").path("reason").asText()).isIn("closed", "normal");
            pub.disconnect();
        }
    }

    static JsonNode only(HookReceiver hook, String action, String clientId) {
        List<JsonNode> found = hook.bodies(action).stream()
                .filter(n -> clientId.equals(n.path("clientid").asText())).toList();
        assertThat(found).as(action + " of " + clientId + " in " + hook.requests().stream().map(HookReceiver.Request::raw).toList())
                .hasSize(1);
        return found.get(0);
    }
}
