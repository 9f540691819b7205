package io.wrenmq.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.WrenBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZeroMQ gateway inside the broker, with a real ZeroMQ peer (JeroMQ, {@link ZmqPeer}) and real MQTT clients
 * (HiveMQ, Paho), both ways, with NanoMQ's semantics (zmq_gateway.c): sub_pre filters and is kept, pub_pre goes
 * first as its own frame. ZeroMQ's PUB drops until the SUB has joined ("slow joiner"), so the first message of each
 * direction is sent again until one arrives; what follows is counted exactly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZmqGatewayTest {
    private static final String MQTT_BLOCK = "gateway.mqtt { sub_topic = \"topic/sub\", forward = \"topic/pub\", parallel = 4 }\n";

    @TempDir
    Path dir;
    private ZmqPeer peer;
    private GatewayServer server;

    @BeforeEach
    void start() throws Exception {
        peer = new ZmqPeer();
        server = new GatewayServer(dir, MQTT_BLOCK + peer.zmqBlock("sub_prefix", "pub_prefix"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        peer.close();
    }

    /** Sends from ZeroMQ until the MQTT subscriber has one message (the SUB has joined); returns it. */
    private static Mqtt5Publish firstToMqtt(ZmqPeer peer, Mqtt5BlockingClient.Mqtt5Publishes received, String... frames) {
        List<Mqtt5Publish> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            peer.publish(frames);
            received.receive(50, TimeUnit.MILLISECONDS).ifPresent(got::add);
            return !got.isEmpty();
        });
        return got.get(0);
    }

    /** Publishes from MQTT until the ZeroMQ peer has one message; returns its frames. */
    private static List<String> firstToZmq(ZmqPeer peer, Runnable publish) {
        List<List<String>> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            publish.run();
            List<String> frames = peer.receive();
            if (frames != null) {
                got.add(frames);
            }
            return !got.isEmpty();
        });
        return got.get(0);
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void zmqMessagesWithThePrefixArePublishedWholeToForwardAndOthersAreNot() throws Exception {
        Mqtt5BlockingClient sub = server.client("app");
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("topic/pub").send();
            Mqtt5Publish first = firstToMqtt(peer, received, "sub_prefix warm-up");
            assertThat(first.getTopic().toString()).isEqualTo("topic/pub");
            assertThat(text(first)).isEqualTo("sub_prefix warm-up"); // NanoMQ does not strip the prefix
            while (received.receive(200, TimeUnit.MILLISECONDS).isPresent()) {
                // the warm-up's repeats
            }
            peer.publish("other-prefix not for MQTT");
            peer.publish("sub_prefix", "frame-a", "frame-b"); // the envelope frame carries no data
            peer.publish("sub_prefix/temp 21.5");
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Optional<Mqtt5Publish> p = received.receive(5, TimeUnit.SECONDS);
                assertThat(p).as("message %d", i).isPresent();
                assertThat(p.get().getQos().getCode()).isZero();
                texts.add(text(p.get()));
            }
            assertThat(texts).containsExactly("frame-a", "frame-b", "sub_prefix/temp 21.5");
            assertThat(received.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
        }
    }

    @Test
    void mqttMessagesOnSubTopicGoOutWithThePrefixFrame() throws Exception {
        Mqtt5BlockingClient pub = server.client("sensor");
        List<String> first = firstToZmq(peer, () -> pub.publishWith().topic("topic/sub").payload("warm-up".getBytes(StandardCharsets.UTF_8)).send());
        assertThat(first).containsExactly("pub_prefix", "warm-up");
        while (peer.receive() != null) {
            // the warm-up's repeats
        }
        // A Paho (MQTT 3.1.1) client too; a topic outside sub_topic does not go out.
        MqttClient paho = new MqttClient("tcp://127.0.0.1:" + server.mqttPort(), "paho-sensor", new MemoryPersistence());
        paho.connect();
        try {
            paho.publish("topic/other", "not out".getBytes(StandardCharsets.UTF_8), 1, false);
            paho.publish("topic/sub", "from paho".getBytes(StandardCharsets.UTF_8), 1, false);
            pub.publishWith().topic("topic/sub").payload(new byte[] {0, 1, 2, (byte) 255}).send();
        } finally {
            paho.disconnect();
            paho.close();
        }
        List<List<String>> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> f = peer.receive();
            if (f != null) {
                got.add(f);
            }
            return got.size() == 2;
        });
        assertThat(got.get(0)).containsExactly("pub_prefix", "from paho");
        assertThat(got.get(1).get(0)).isEqualTo("pub_prefix");
        assertThat(got.get(1).get(1).getBytes(StandardCharsets.UTF_8)).hasSize(6); // 0xFF is not UTF-8: bytes, not text
        assertThat(peer.receive()).isNull();
    }

    @Test
    void restShowsCountersAndSwitchesTheGatewayOffAndOn() throws Exception {
        Mqtt5BlockingClient app = server.client("app");
        try (Mqtt5BlockingClient.Mqtt5Publishes received = app.publishes(MqttGlobalPublishFilter.ALL)) {
            app.subscribeWith().topicFilter("topic/pub").send();
            firstToMqtt(peer, received, "sub_prefix one");
        }
        firstToZmq(peer, () -> app.publishWith().topic("topic/sub").payload("x".getBytes(StandardCharsets.UTF_8)).send());

        JsonNode list = server.ok("GET", "/gateways", null).get("data");
        assertThat(list).hasSize(1);
        JsonNode g = server.ok("GET", "/gateways/zmq", null).get("data");
        assertThat(g.get("type").asText()).isEqualTo("zmq");
        assertThat(g.get("state").asText()).isEqualTo("running");
        assertThat(g.get("mqtt").asText()).isEqualTo("in-process");
        assertThat(g.at("/settings/sub_pre").asText()).isEqualTo("sub_prefix");
        assertThat(g.at("/to_mqtt/received").asLong()).isPositive();
        assertThat(g.at("/to_mqtt/forwarded").asLong()).isPositive();
        assertThat(g.at("/from_mqtt/forwarded").asLong()).isPositive();
        assertThat(g.at("/from_mqtt/dropped/queue_full").asLong()).isZero();

        String metrics = server.send("GET", "/prometheus", null).body();
        assertThat(metrics).contains("wrenmq_gateway_state{gateway=\"zmq\"} 1")
                .containsPattern("wrenmq_gateway_messages_forwarded_total\\{gateway=\"zmq\",direction=\"to_mqtt\"} [1-9]")
                .contains("wrenmq_gateway_messages_dropped_total{gateway=\"zmq\",direction=\"from_mqtt\",reason=\"queue_full\"} 0")
                .contains("wrenmq_gateway_queue_depth{gateway=\"zmq\",direction=\"from_mqtt\"} 0");

        String session = "/clients/%24gateway%2Fzmq"; // the in-process session, listed like a bridge's
        assertThat(server.send("GET", session, null).statusCode()).isEqualTo(200);
        JsonNode off = server.ok("PUT", "/gateways/zmq/switch", "{\"enable\": false}").get("data");
        assertThat(off.get("state").asText()).isEqualTo("stopped");
        assertThat(server.send("GET", session, null).statusCode()).isEqualTo(404); // not persistent: it ended
        app.publishWith().topic("topic/sub").payload("while off".getBytes(StandardCharsets.UTF_8)).send();
        assertThat(peer.receive()).isNull();
        assertThat(server.send("GET", "/prometheus", null).body()).contains("wrenmq_gateway_state{gateway=\"zmq\"} 0");

        JsonNode on = server.ok("PUT", "/gateways/zmq/switch", "{\"enable\": true}").get("data");
        assertThat(on.get("state").asText()).isEqualTo("running");
        assertThat(on.at("/from_mqtt/received").asLong()).isZero(); // a started gateway counts from 0
        assertThat(firstToZmq(peer, () -> app.publishWith().topic("topic/sub").payload("back".getBytes(StandardCharsets.UTF_8)).send()))
                .containsExactly("pub_prefix", "back");

        assertThat(server.send("PUT", "/gateways/zmq/switch", "{\"on\": 1}").statusCode()).isEqualTo(400);
        assertThat(server.send("GET", "/gateways/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void reloadRestartsAChangedGatewayAndLeavesAnUnchangedOneRunning() throws Exception {
        Mqtt5BlockingClient app = server.client("app");
        firstToZmq(peer, () -> app.publishWith().topic("topic/sub").payload("a".getBytes(StandardCharsets.UTF_8)).send());
        long before = server.ok("GET", "/gateways/zmq", null).at("/data/from_mqtt/forwarded").asLong();

        server.rewrite(MQTT_BLOCK + peer.zmqBlock("sub_prefix", "pub_prefix") + "mqtt.max_inflight_window = 16\n");
        assertThat(server.server.reload().applied()).noneMatch(k -> k.startsWith("gateway"));
        assertThat(server.ok("GET", "/gateways/zmq", null).at("/data/from_mqtt/forwarded").asLong())
                .isGreaterThanOrEqualTo(before); // the same gateway: its counters go on

        server.rewrite(MQTT_BLOCK + peer.zmqBlock("sub_prefix", "new_prefix"));
        assertThat(server.server.reload().applied()).contains("gateway.zmq (restarted)");
        while (peer.receive() != null) {
            // what the first gateway sent
        }
        assertThat(firstToZmq(peer, () -> app.publishWith().topic("topic/sub").payload("b".getBytes(StandardCharsets.UTF_8)).send()))
                .containsExactly("new_prefix", "b");

        server.rewrite("");
        assertThat(server.server.reload().applied()).contains("gateway.zmq (stopped)");
        assertThat(server.ok("GET", "/gateways", null).get("data")).isEmpty();
    }

    @Test
    void ctrlRestartStartsTheGatewayAgainOnTheNewEngine() throws Exception {
        WrenBroker first = server.server.broker();
        assertThat(server.send("POST", "/ctrl/restart", null).statusCode()).isEqualTo(200);
        assertThat(server.server.broker()).isNotSameAs(first);
        assertThat(server.ok("GET", "/gateways/zmq", null).at("/data/state").asText()).isEqualTo("running");
        Mqtt5BlockingClient app = server.client("after-restart");
        assertThat(firstToZmq(peer, () -> app.publishWith().topic("topic/sub").payload("after".getBytes(StandardCharsets.UTF_8)).send()))
                .containsExactly("pub_prefix", "after");
        try (Mqtt5BlockingClient.Mqtt5Publishes received = app.publishes(MqttGlobalPublishFilter.ALL)) {
            app.subscribeWith().topicFilter("topic/pub").send();
            assertThat(text(firstToMqtt(peer, received, "sub_prefix after"))).isEqualTo("sub_prefix after");
        }
    }
}
