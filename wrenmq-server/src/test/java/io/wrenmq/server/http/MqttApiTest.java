package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /mqtt/publish[_batch], /mqtt/retained and /banned against a real broker and real MQTT 5 clients. */
@Timeout(60)
class MqttApiTest {
    @TempDir
    Path dir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = ApiFixture.start(dir, "");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(api.mqttPort()).buildBlocking();
        c.connect();
        return c;
    }

    /**
     * A REST publish takes the path of a client's PUBLISH (issue #11, as in EMQX): it raises message_publish, which
     * WebHooks (on_message_publish) and later the rule engine listen to, with the body's clientid as publisher.
     */
    @Test
    void publishRaisesMessagePublishLikeAnMqttPublish() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        api.broker().events().register(new io.wrenmq.broker.hook.BrokerEvents() {
            @Override
            public java.util.Set<io.wrenmq.broker.hook.EventType> interests() {
                return java.util.EnumSet.of(io.wrenmq.broker.hook.EventType.MESSAGE_PUBLISH);
            }

            @Override
            public void onEvent(io.wrenmq.broker.hook.BrokerEvent event) {
                io.wrenmq.broker.hook.MessageInfo m = ((io.wrenmq.broker.hook.BrokerEvent.MessagePublish) event).message();
                seen.add(m.fromClientId() + " " + m.topic() + " " + m.qos() + " "
                        + new String(m.payloadBytes(), StandardCharsets.UTF_8));
            }
        });
        assertThat(api.post("/api/v4/mqtt/publish", "{\"topic\": \"ev/one\", \"payload\": \"hi\", \"qos\": 1,"
                + " \"clientid\": \"rest-app\"}").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/v4/mqtt/publish_batch", "[{\"topic\": \"ev/b1\", \"payload\": \"1\"}]").statusCode())
                .isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("rest-app ev/one 1 hi", MqttEndpoints.API_CLIENT_ID + " ev/b1 0 1");
        assertThat(api.broker().metrics().messagesReceivedByQos[1].sum()).isEqualTo(1);
    }

    @Test
    void publishReachesARealSubscriberWithPropertiesAndBase64Payloads() throws Exception {
        Mqtt5BlockingClient sub = client("listener");
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("api/#").qos(MqttQos.AT_LEAST_ONCE).send();
            HttpResponse<String> r = api.post("/api/v4/mqtt/publish", "{\"topic\": \"api/one\", \"payload\": \"hello\", \"qos\": 1,"
                    + " \"properties\": {\"content_type\": \"text/plain\", \"user_properties\": {\"k\": \"v\"}, \"message_expiry_interval\": 60}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(ApiFixture.json(r).get("data").get("delivered").asInt()).isEqualTo(1);
            Mqtt5Publish m = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getTopic().toString()).isEqualTo("api/one");
            assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(m.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(m.getContentType()).hasValueSatisfying(ct -> assertThat(ct.toString()).isEqualTo("text/plain"));
            assertThat(m.getUserProperties().asList()).anySatisfy(p -> {
                assertThat(p.getName().toString()).isEqualTo("k");
                assertThat(p.getValue().toString()).isEqualTo("v");
            });

            byte[] binary = {0, 1, 2, (byte) 0xff};
            api.post("/api/v4/mqtt/publish", "{\"topic\": \"api/bin\", \"payload\": \"" + Base64.getEncoder().encodeToString(binary)
                    + "\", \"encoding\": \"base64\"}");
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).containsExactly(binary);

            HttpResponse<String> batch = api.post("/api/v4/mqtt/publish_batch",
                    "[{\"topic\": \"api/b1\", \"payload\": \"1\"}, {\"topic\": \"api/b2\", \"payload\": \"2\"}]");
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("api/b1");
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("api/b2");

            // A batch with one bad element publishes nothing.
            HttpResponse<String> bad = api.post("/api/v4/mqtt/publish_batch",
                    "[{\"topic\": \"api/b3\", \"payload\": \"3\"}, {\"topic\": \"api/+\", \"payload\": \"4\"}]");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(received.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            sub.disconnect();
        }
        assertThat(api.post("/api/v4/mqtt/publish", "{\"topic\": \"a\", \"encoding\": \"base62\"}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v4/mqtt/publish", "{\"topic\": \"a\", \"qos\": 3}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v4/mqtt/publish", "[1]").statusCode()).isEqualTo(400);
    }

    @Test
    void retainedMessagesAreListedFetchedAndDeleted() throws Exception {
        api.post("/api/v4/mqtt/publish", "{\"topic\": \"r/one\", \"payload\": \"1\", \"retain\": true}");
        api.post("/api/v4/mqtt/publish", "{\"topic\": \"r/two\", \"payload\": \"2\", \"retain\": true}");
        assertThat(api.getJson("/api/v4/mqtt/retained").get("data").findValuesAsText("topic")).contains("r/one", "r/two");
        JsonNode list = api.getJson("/api/v4/mqtt/retained?topic=r/%23");
        assertThat(list.get("data").findValuesAsText("topic")).containsExactly("r/one", "r/two");
        assertThat(list.get("meta").get("count").asInt()).isEqualTo(2);
        assertThat(api.getJson("/api/v4/mqtt/retained?topic=r/%23&_limit=1&_page=2").get("data").findValuesAsText("topic"))
                .containsExactly("r/two");
        assertThat(api.get("/api/v4/mqtt/retained?topic=r/%23/x").statusCode()).isEqualTo(400);

        JsonNode one = api.getJson("/api/v4/mqtt/retained/r%2Fone").get("data");
        assertThat(Base64.getDecoder().decode(one.get("payload").asText())).containsExactly('1');

        assertThat(api.delete("/api/v4/mqtt/retained/r%2Fone").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v4/mqtt/retained/r%2Fone").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v4/mqtt/retained/r%2Fone").statusCode()).isEqualTo(404);

        // A new subscriber gets only the retained message that is left.
        Mqtt5BlockingClient sub = client("late");
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("r/#").send();
            Mqtt5Publish m = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getTopic().toString()).isEqualTo("r/two");
            Optional<Mqtt5Publish> more = received.receive(300, TimeUnit.MILLISECONDS);
            assertThat(more).isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    @Test
    void aBannedClientIsRefusedUntilTheBanIsLifted() throws Exception {
        HttpResponse<String> added = api.post("/api/v4/banned", "{\"as\": \"clientid\", \"who\": \"bad-guy\", \"reason\": \"test\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        JsonNode list = api.getJson("/api/v4/banned");
        assertThat(list.get("data").get(0).get("who").asText()).isEqualTo("bad-guy");
        assertThat(list.get("data").get(0).get("by").asText()).isEqualTo("api");

        assertThatThrownBy(() -> client("bad-guy")).isInstanceOf(Mqtt5ConnAckException.class)
                .satisfies(e -> assertThat(((Mqtt5ConnAckException) e).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BANNED));

        assertThat(api.delete("/api/v4/banned/clientid/bad-guy").statusCode()).isEqualTo(200);
        assertThat(api.delete("/api/v4/banned/clientid/bad-guy").statusCode()).isEqualTo(404);
        client("bad-guy").disconnect();

        assertThat(api.post("/api/v4/banned", "{\"as\": \"hostname\", \"who\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v4/banned", "{\"as\": \"ipaddr\", \"who\": \"not-an-ip\"}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v4/banned", "{\"as\": \"ipaddr\", \"who\": \"10.0.0.0/8\", \"until\": \"2999-01-01T00:00:00Z\"}")
                .statusCode()).isEqualTo(200);
        assertThat(api.getJson("/api/v4/banned").get("data").findValuesAsText("until")).contains("2999-01-01T00:00:00Z");
    }
}
