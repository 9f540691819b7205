package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /clients, /subscriptions, /topic-tree and kick, seen with real MQTT 5 (HiveMQ) and 3.1.1 (Paho) clients. */
@Timeout(60)
class ClientsApiTest {
    @TempDir
    Path dir;
    private ApiFixture api;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = ApiFixture.start(dir, "");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already disconnected by the test
            }
        }
        api.close();
    }

    private Mqtt5BlockingClient v5(String id, String username, CompletableFuture<Throwable> disconnected) {
        var b = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(api.mqttPort());
        if (disconnected != null) {
            b = b.addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()));
        }
        Mqtt5BlockingClient c = b.buildBlocking();
        var connect = c.connectWith().keepAlive(30).cleanStart(true);
        if (username != null) {
            connect.simpleAuth().username(username).applySimpleAuth();
        }
        connect.send();
        clients.add(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    private MqttClient v3(String id, String username) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + api.mqttPort(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setUserName(username);
        o.setPassword(new char[0]);
        c.connect(o);
        clients.add(() -> {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        });
        return c;
    }

    @Test
    void listsClientsWithFiltersAndPaging() throws Exception {
        Mqtt5BlockingClient alice = v5("alice", "ua", null);
        MqttClient bobClient = v3("bob", "ub");
        v5("carol", "ua", null);

        JsonNode all = api.getJson("/api/v4/clients");
        assertThat(all.get("code").asInt()).isZero();
        assertThat(all.get("meta").get("count").asInt()).isEqualTo(3);
        assertThat(all.get("data").findValuesAsText("clientid")).containsExactly("alice", "bob", "carol");
        JsonNode a = all.get("data").get(0);
        assertThat(a.get("username").asText()).isEqualTo("ua");
        assertThat(a.get("proto_ver").asInt()).isEqualTo(5);
        assertThat(a.get("proto_name").asText()).isEqualTo("MQTT");
        assertThat(a.get("keepalive").asInt()).isEqualTo(30);
        assertThat(a.get("clean_start").asBoolean()).isTrue();
        assertThat(a.get("conn_state").asText()).isEqualTo("connected");
        assertThat(a.get("ip_address").asText()).isEqualTo("127.0.0.1");

        assertThat(api.getJson("/api/v4/clients?proto_ver=4").get("data").findValuesAsText("clientid")).containsExactly("bob");
        assertThat(api.getJson("/api/v4/clients?username=ua").get("data").findValuesAsText("clientid")).containsExactly("alice", "carol");
        assertThat(api.getJson("/api/v4/clients?clean_start=false").get("data").findValuesAsText("clientid")).containsExactly("bob");
        assertThat(api.getJson("/api/v4/clients?clientid=carol").get("data").findValuesAsText("clientid")).containsExactly("carol");
        assertThat(api.getJson("/api/v4/clients?proto_name=MQTT").get("meta").get("count").asInt()).isEqualTo(3);

        JsonNode page2 = api.getJson("/api/v4/clients?_page=2&_limit=2");
        assertThat(page2.get("data").findValuesAsText("clientid")).containsExactly("carol");
        assertThat(page2.get("meta").get("page").asInt()).isEqualTo(2);
        assertThat(page2.get("meta").get("limit").asInt()).isEqualTo(2);
        assertThat(page2.get("meta").get("count").asInt()).isEqualTo(3);

        alice.disconnect(); // session ends (expiry 0): gone from the list
        await().atMost(Duration.ofSeconds(5)).until(() -> api.getJson("/api/v4/clients").get("meta").get("count").asInt() == 2);
        assertThat(api.getJson("/api/v4/clients?conn_state=connected").get("meta").get("count").asInt()).isEqualTo(2);

        // bob (v3.1.1, clean session 0) goes away: his session is kept and listed as disconnected.
        bobClient.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                api.getJson("/api/v4/clients?conn_state=disconnected").get("meta").get("count").asInt() == 1);
        JsonNode bob = api.getJson("/api/v4/clients/bob").get("data").get(0);
        assertThat(bob.get("connected").asBoolean()).isFalse();
        assertThat(bob.get("username").asText()).isEqualTo("ub");
        assertThat(bob.has("disconnected_at")).isTrue();
        assertThat(api.delete("/api/v4/clients/bob").statusCode()).as("nothing to kick").isEqualTo(404);
        assertThat(api.get("/api/v4/clients?conn_state=sleeping").statusCode()).isEqualTo(400);
    }

    @Test
    void oneClientByIdAndByUsername() throws Exception {
        v5("dave/1", "ud", null);
        JsonNode one = api.getJson("/api/v4/clients/dave%2F1");
        assertThat(one.get("data").get(0).get("clientid").asText()).isEqualTo("dave/1");
        assertThat(api.getJson("/api/v4/clients/username/ud").get("data").findValuesAsText("clientid")).containsExactly("dave/1");
        assertThat(api.getJson("/api/v4/clients/username/nobody").get("data")).isEmpty();

        HttpResponse<String> unknown = api.get("/api/v4/clients/ghost");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.json(unknown).get("message").asText()).contains("ghost");
        assertThat(api.delete("/api/v4/clients/ghost").statusCode()).isEqualTo(404);
    }

    @Test
    void deleteKicksTheClientWithDisconnectAdministrativeAction() throws Exception {
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        v5("victim", null, cause);
        HttpResponse<String> r = api.delete("/api/v4/clients/victim");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Throwable t = cause.get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) t).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION); // 0x98
    }

    @Test
    void subscriptionsTopicTreeAndSubscribeUnsubscribeForASession() throws Exception {
        Mqtt5BlockingClient sub = v5("sub1", null, null);
        sub.subscribeWith().topicFilter("a/+/c").qos(MqttQos.AT_LEAST_ONCE).send();
        sub.subscribeWith().topicFilter("a/b").qos(MqttQos.AT_MOST_ONCE).send();

        JsonNode subs = api.getJson("/api/v4/subscriptions");
        assertThat(subs.get("meta").get("count").asInt()).isEqualTo(2);
        assertThat(subs.get("data").findValuesAsText("topic")).containsExactly("a/+/c", "a/b");
        assertThat(api.getJson("/api/v4/subscriptions/sub1").get("data").get(0).get("qos").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v4/subscriptions/ghost").statusCode()).isEqualTo(404);

        JsonNode tree = api.getJson("/api/v4/topic-tree").get("data");
        assertThat(tree.get(0).get("topic").asText()).isEqualTo("a");
        JsonNode children = tree.get(0).get("children");
        assertThat(children.findValuesAsText("topic")).contains("+", "b");

        // The API adds a subscription to the live session: a message on it reaches the client.
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            HttpResponse<String> added = api.post("/api/v4/mqtt/subscribe", "{\"clientid\": \"sub1\", \"topic\": \"x/#\", \"qos\": 1}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(api.getJson("/api/v4/subscriptions/sub1").get("data").findValuesAsText("topic")).contains("x/#");
            api.post("/api/v4/mqtt/publish", "{\"topic\": \"x/y\", \"payload\": \"via-api-sub\", \"qos\": 1}");
            Optional<Mqtt5Publish> m = received.receive(10, TimeUnit.SECONDS);
            assertThat(m).isPresent();
            assertThat(new String(m.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("via-api-sub");

            HttpResponse<String> removed = api.post("/api/v4/mqtt/unsubscribe", "{\"clientid\": \"sub1\", \"topic\": \"x/#\"}");
            assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
            assertThat(api.getJson("/api/v4/subscriptions/sub1").get("data").findValuesAsText("topic")).doesNotContain("x/#");
            assertThat(api.post("/api/v4/mqtt/unsubscribe", "{\"clientid\": \"sub1\", \"topic\": \"x/#\"}").statusCode()).isEqualTo(404);
        }
        assertThat(api.post("/api/v4/mqtt/subscribe", "{\"clientid\": \"ghost\", \"topic\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v4/mqtt/subscribe", "{\"clientid\": \"sub1\"}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v4/mqtt/subscribe", "{\"clientid\": \"sub1\", \"topic\": \"a/#/b\"}").statusCode()).isEqualTo(400);
    }
}
