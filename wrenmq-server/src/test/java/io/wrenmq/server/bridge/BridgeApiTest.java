package io.wrenmq.server.bridge;

import static io.wrenmq.server.bridge.TestBridges.cache;
import static io.wrenmq.server.bridge.TestBridges.config;
import static io.wrenmq.server.bridge.TestBridges.forward;
import static io.wrenmq.server.bridge.TestBridges.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NanoMQ's bridge endpoints of the REST API (issue #13) against a running WrenServer with bridges to a real remote
 * WrenMQ broker, real HTTP requests and real MQTT clients (HiveMQ) on both ends: the list with settings and status,
 * switch, sub and unsub on the live link, PUT with the offline cache kept, and the 400 / 404 answers.
 */
@Timeout(90)
class BridgeApiTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
    }

    /**
     * GET /bridges: a connected bridge with its counters, a bridge whose remote is unreachable (connecting, its next
     * attempt, the QoS 1 messages waiting in its cache) and a disabled one (stopped, its password masked).
     */
    @Test
    void theListShowsSettingsStateCacheAndCounters() throws Exception {
        TestBroker remote = remote();
        BridgingServer local = local(up(remote), down(), BridgeConfigBuilder.from(config("off", remote.port(),
                MqttVersion.V3_1_1, List.of(), List.of())).enable(false).username("edge").password("secret").build());
        Mqtt5BlockingClient remoteSub = client(remote.port(), "remote-sub");
        Mqtt5BlockingClient localSub = client(local.mqttPort(), "local-sub");
        // The HiveMQ client drops what arrives for a subscription before a publishes() flow is registered: open the
        // flows first, then subscribe.
        try (Mqtt5BlockingClient.Mqtt5Publishes atRemote = remoteSub.publishes(MqttGlobalPublishFilter.ALL);
                Mqtt5BlockingClient.Mqtt5Publishes atLocal = localSub.publishes(MqttGlobalPublishFilter.ALL)) {
            remoteSub.subscribeWith().topicFilter("data/#").qos(MqttQos.AT_LEAST_ONCE).send();
            localSub.subscribeWith().topicFilter("cmd/#").qos(MqttQos.AT_LEAST_ONCE).send();
            awaitState(local, "up", "connected");
            Mqtt5BlockingClient pub = client(local.mqttPort(), "local-pub");
            for (int i = 0; i < 3; i++) {
                pub.publishWith().topic("data/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
                receive(atRemote);
            }
            client(remote.port(), "cloud").publishWith().topic("cmd/1").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("c")).send();
            assertThat(receive(atLocal).getTopic().toString()).isEqualTo("cmd/1");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> local.bridge("down").path("status").path("cache").path("depth").asInt() == 3);
        awaitCounter(local, "up", "acked", 3); // the remote's PUBACKs may follow its deliveries

        JsonNode list = local.ok("GET", "/api/v4/bridges", null);
        assertThat(list.path("code").asInt()).isZero();
        JsonNode nodes = list.path("data").path("bridge").path("nodes");
        assertThat(nodes).hasSize(3);
        JsonNode up = nodes.get(0);
        assertThat(up.path("name").asText()).isEqualTo("up");
        assertThat(up.path("enable").asBoolean()).isTrue();
        assertThat(up.path("connector").path("server").asText()).isEqualTo("mqtt-tcp://127.0.0.1:" + remote.port());
        assertThat(up.path("connector").path("proto_ver").asInt()).isEqualTo(5);
        assertThat(up.path("forwards").get(0).path("local_topic").asText()).isEqualTo("data/#");
        assertThat(up.path("subscription").get(0).path("remote_topic").asText()).isEqualTo("cmd/#");
        JsonNode status = up.path("status");
        assertThat(status.path("state").asText()).isEqualTo("connected");
        assertThat(status.path("server").asText()).isEqualTo("mqtt-tcp://127.0.0.1:" + remote.port());
        assertThat(status.path("next_attempt_at").isNull()).isTrue();
        assertThat(status.path("counters").path("acked").asLong()).isEqualTo(3);
        assertThat(status.path("counters").path("sent").asLong()).isEqualTo(3);
        assertThat(status.path("counters").path("received").asLong()).isEqualTo(1);
        assertThat(status.path("counters").path("connects").asLong()).isEqualTo(1);
        assertThat(status.path("cache").path("depth").asInt()).as("nothing waits for a live remote").isZero();

        JsonNode down = nodes.get(1).path("status");
        assertThat(down.path("state").asText()).isEqualTo("connecting");
        assertThat(down.path("next_attempt_at").asText()).as("when it tries again").isNotEmpty();
        assertThat(down.path("cache").path("queued").asInt()).isEqualTo(3);
        assertThat(down.path("counters").path("connects").asLong()).isZero();

        JsonNode off = local.bridge("off");
        assertThat(off.path("enable").asBoolean()).isFalse();
        assertThat(off.path("status").path("state").asText()).isEqualTo("stopped");
        assertThat(off.path("status").path("server").isNull()).isTrue();
        assertThat(off.path("connector").path("username").asText()).isEqualTo("edge");
        assertThat(off.path("connector").path("password").asText()).as("masked").isEqualTo("******");
        assertThat(local.send("GET", "/api/v4/bridges", null).body()).doesNotContain("secret");

        HttpResponse<String> unknown = local.send("GET", "/api/v4/bridges/nope", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(BridgingServer.json(unknown).path("message").asText()).isEqualTo("no bridge named nope; bridges: up, down, off");
    }

    /**
     * switch: off stops the bridge (its forwards wait in the cache meanwhile), on starts it again and what waited goes
     * out; a bridge disabled in the file can be switched on; a bad body is a 400 naming the field.
     */
    @Test
    void switchStopsAndStartsABridgeAndTheCacheKeepsWhatWasPublishedMeanwhile() throws Exception {
        TestBroker remote = remote();
        BridgingServer local = local(up(remote), BridgeConfigBuilder.from(config("off", remote.port(), MqttVersion.V5,
                List.of(), List.of(subscription("cmd/#", "", 1)))).enable(false).build());
        Mqtt5BlockingClient remoteSub = client(remote.port(), "remote-sub");
        awaitState(local, "up", "connected");
        try (Mqtt5BlockingClient.Mqtt5Publishes atRemote = remoteSub.publishes(MqttGlobalPublishFilter.ALL)) {
            remoteSub.subscribeWith().topicFilter("data/#").qos(MqttQos.AT_LEAST_ONCE).send(); // after the flow (above)
            JsonNode off = local.ok("POST", "/api/v4/bridges/switch/up", "{\"data\": {\"bridge_switch\": false}}");
            assertThat(off.path("data").path("status").path("state").asText()).isEqualTo("stopped");
            assertThat(off.path("data").path("enable").asBoolean()).isFalse();
            Mqtt5BlockingClient pub = client(local.mqttPort(), "local-pub");
            pub.publishWith().topic("data/while-off").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("kept")).send();
            assertThat(atRemote.receive(500, TimeUnit.MILLISECONDS)).as("nothing crosses a stopped bridge").isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> local.bridge("up").path("status").path("cache").path("depth").asInt() == 1);

            JsonNode on = local.ok("POST", "/api/v4/bridges/switch/up", "{\"bridge_switch\": true}");
            assertThat(on.path("data").path("enable").asBoolean()).isTrue();
            Mqtt5Publish kept = receive(atRemote);
            assertThat(kept.getTopic().toString()).isEqualTo("data/while-off");
            awaitState(local, "up", "connected");
        }

        local.ok("POST", "/api/v4/bridges/switch/off", "{\"data\": {\"bridge_switch\": true}}");
        awaitState(local, "off", "connected");
        assertThat(local.bridge("off").path("enable").asBoolean()).isTrue();

        assertBadRequest(local.send("POST", "/api/v4/bridges/switch/up", "{\"data\": {\"bridge_switch\": \"yes\"}}"),
                "data.bridge_switch must be true or false");
        assertBadRequest(local.send("POST", "/api/v4/bridges/switch/up", "{\"data\": {}}"), "data.bridge_switch");
        assertThat(local.send("POST", "/api/v4/bridges/switch/nope", "{\"bridge_switch\": true}").statusCode()).isEqualTo(404);
    }

    /**
     * sub and unsub change the remote subscriptions of the live link (SUBSCRIBE / UNSUBSCRIBE with the remote's
     * answers), and what the new entry brings in is remapped; a stopped bridge keeps them for its start.
     */
    @Test
    void subAndUnsubChangeTheRemoteSubscriptionsOfTheLiveLink() throws Exception {
        TestBroker remote = remote();
        BridgingServer local = local(up(remote), BridgeConfigBuilder.from(config("off", remote.port(), MqttVersion.V5,
                List.of(), List.of())).enable(false).build());
        awaitState(local, "up", "connected");
        Mqtt5BlockingClient localSub = client(local.mqttPort(), "local-sub");
        Mqtt5BlockingClient cloud = client(remote.port(), "cloud");
        try (Mqtt5BlockingClient.Mqtt5Publishes atLocal = localSub.publishes(MqttGlobalPublishFilter.ALL)) {
            localSub.subscribeWith().topicFilter("in/#").qos(MqttQos.AT_LEAST_ONCE).send(); // after the flow (above)
            JsonNode sub = local.ok("POST", "/api/v4/bridges/sub/up", "{\"data\": {\"subscription\": [{\"remote_topic\":"
                    + " \"new/#\", \"local_topic\": \"in/#\", \"qos\": 1}], \"sub_properties\": {\"identifier\": 7,"
                    + " \"user_properties\": [{\"key\": \"k\", \"value\": \"v\"}]}}}");
            assertThat(sub.path("data").path("link").asText()).isEqualTo("up");
            assertThat(sub.path("data").path("results").get(0).path("reason_code").asInt()).as("granted QoS 1").isEqualTo(1);
            cloud.publishWith().topic("new/a").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("a")).send();
            assertThat(receive(atLocal).getTopic().toString()).isEqualTo("in/a");
            assertThat(local.bridge("up").path("subscription")).hasSize(2);

            JsonNode unsub = local.ok("PUT", "/api/v4/bridges/unsub/up", "{\"data\": {\"unsubscription\": [{\"topic\":"
                    + " \"new/#\"}]}}");
            assertThat(unsub.path("data").path("results").get(0).path("reason_code").asInt()).isZero();
            cloud.publishWith().topic("new/b").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("b")).send();
            assertThat(atLocal.receive(500, TimeUnit.MILLISECONDS)).as("unsubscribed on the remote").isEmpty();
            assertThat(local.bridge("up").path("subscription")).hasSize(1);
        }

        JsonNode later = local.ok("PUT", "/api/v4/bridges/sub/off", "{\"subscription\": [{\"remote_topic\": \"late/#\"}]}");
        assertThat(later.path("data").path("link").asText()).isEqualTo("stopped");
        assertThat(later.path("data").path("results").get(0).path("reason_code").isNull()).isTrue();
        JsonNode entry = local.bridge("off").path("subscription").get(0);
        assertThat(entry.path("remote_topic").asText()).isEqualTo("late/#");
        assertThat(entry.path("qos").asInt()).as("the file's default").isEqualTo(1);
        assertThat(entry.path("no_local").asBoolean()).as("on for a v5 remote").isTrue();

        assertBadRequest(local.send("POST", "/api/v4/bridges/sub/up", "{\"data\": {\"subscription\": [{\"remote_topic\":"
                + " \"x/#\", \"qos\": 3}]}}"), "data.subscription[0].qos must be an integer 0..2: 3");
        assertBadRequest(local.send("POST", "/api/v4/bridges/sub/up", "{\"data\": {\"subscription\": [{\"remote_topic\":"
                + " \"x/+\", \"local_topic\": \"y/+/+\"}]}}"), "data.subscription[0].local_topic");
        assertBadRequest(local.send("POST", "/api/v4/bridges/sub/up", "{\"data\": {\"subscription\": [{\"remote_topic\":"
                + " \"x/#/y\"}]}}"), "data.subscription[0].remote_topic: not a topic filter");
        assertBadRequest(local.send("POST", "/api/v4/bridges/unsub/up", "{\"data\": {\"unsubscription\": [{\"topic\":"
                + " \"never/#\"}]}}"), "data.unsubscription[0].topic: bridge up has no subscription to never/#");
        assertBadRequest(local.send("POST", "/api/v4/bridges/sub/up", "{\"data\": "), "malformed JSON body");
        assertThat(local.send("POST", "/api/v4/bridges/sub/nope", "{\"subscription\": [{\"remote_topic\": \"a\"}]}")
                .statusCode()).isEqualTo(404);
    }

    /**
     * PUT replaces settings at run time: a bridge whose remote was unreachable gets a reachable server and a remap, and
     * the messages that waited in its cache go out through the new settings, in order. Bad values are 400s naming
     * their field; the file-only blocks are refused.
     */
    @Test
    void putChangesTheSettingsOfARunningBridgeAndItsCacheIsKept() throws Exception {
        TestBroker remote = remote();
        BridgingServer local = local(down());
        Mqtt5BlockingClient pub = client(local.mqttPort(), "local-pub");
        for (int i = 0; i < 3; i++) {
            pub.publishWith().topic("data/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> local.bridge("down").path("status").path("cache").path("depth").asInt() == 3);
        Mqtt5BlockingClient remoteSub = client(remote.port(), "remote-sub");
        try (Mqtt5BlockingClient.Mqtt5Publishes atRemote = remoteSub.publishes(MqttGlobalPublishFilter.ALL)) {
            remoteSub.subscribeWith().topicFilter("site7/#").qos(MqttQos.AT_LEAST_ONCE).send(); // after the flow (above)
            JsonNode put = local.ok("PUT", "/api/v4/bridges/down", "{\"down\": {\"name\": \"down\", \"server\":"
                    + " \"mqtt-tcp://127.0.0.1:" + remote.port() + "\", \"keepalive\": 30, \"clientid\": \"edge-7\","
                    + " \"forwards\": [{\"local_topic\": \"data/#\", \"remote_topic\": \"site7/#\", \"qos\": 1}]}}");
            assertThat(put.path("data").path("connector").path("server").asText()).isEqualTo("mqtt-tcp://127.0.0.1:" + remote.port());
            for (int i = 0; i < 3; i++) {
                Mqtt5Publish m = receive(atRemote);
                assertThat(m.getTopic().toString()).isEqualTo("site7/" + i);
                assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
            }
        }
        awaitState(local, "down", "connected");
        awaitCounter(local, "down", "acked", 3);
        JsonNode after = local.bridge("down");
        assertThat(after.path("connector").path("keepalive").asInt()).isEqualTo(30);
        assertThat(after.path("connector").path("clientid").asText()).isEqualTo("edge-7");
        assertThat(after.path("forwards").get(0).path("remote_topic").asText()).isEqualTo("site7/#");
        assertThat(remote.broker().sessions().get("edge-7")).as("connected under the new client id").isNotNull();

        assertBadRequest(local.send("PUT", "/api/v4/bridges/down", "{\"down\": {\"forwards\": [{\"local_topic\": \"a/#\","
                + " \"qos\": 3}]}}"), "down.forwards[0].qos must be an integer -1..2: 3");
        assertBadRequest(local.send("PUT", "/api/v4/bridges/down", "{\"down\": {\"server\": \"quic://127.0.0.1:14567\"}}"),
                "down.server: not a bridge server URL");
        assertBadRequest(local.send("PUT", "/api/v4/bridges/down", "{\"down\": {\"keepalive\": \"ten\"}}"),
                "down.keepalive: not a duration");
        assertBadRequest(local.send("PUT", "/api/v4/bridges/down", "{\"down\": {\"ssl\": {\"verify_peer\": false}}}"),
                "down.ssl: not a field here; ssl, conn_properties, will and transparent are changed in the configuration file");
        assertBadRequest(local.send("PUT", "/api/v4/bridges/down", "{\"down\": {\"name\": \"other\"}}"),
                "down.name must be down");
        assertBadRequest(local.send("PUT", "/api/v4/bridges/down", "{\"forwards\": [{\"remote_topic\": \"x\"}]}"),
                "missing parameter: forwards[0].local_topic");
        assertThat(local.send("PUT", "/api/v4/bridges/nope", "{\"server\": \"mqtt-tcp://127.0.0.1:1\"}").statusCode())
                .isEqualTo(404);
        assertThat(local.bridge("down").path("connector").path("keepalive").asInt()).as("a refused PUT changes nothing").isEqualTo(30);

        JsonNode stopped = local.ok("PUT", "/api/v4/bridges/down", "{\"enable\": false}");
        assertThat(stopped.path("data").path("status").path("state").asText()).isEqualTo("stopped");
        assertThat(stopped.path("data").path("connector").path("clientid").asText()).as("the rest stays").isEqualTo("edge-7");
    }

    // ---- helpers ----

    private TestBroker remote() {
        TestBroker b = TestBroker.start(c -> { });
        closeLast.add(b);
        return b;
    }

    private BridgingServer local(BridgeConfig... bridges) throws Exception {
        BridgingServer s = new BridgingServer(dir, "", cache(1000), bridges);
        closeLast.add(s);
        return s;
    }

    /** A v5 bridge to the remote: data/# out, cmd/# in. */
    private static BridgeConfig up(TestBroker remote) {
        return config("up", remote.port(), MqttVersion.V5, List.of(forward("data/#", "")), List.of(subscription("cmd/#", "", 1)));
    }

    /** A bridge whose remote cannot be reached: data/# waits in its cache. */
    private static BridgeConfig down() throws Exception {
        return config("down", BridgingServer.freePort(), MqttVersion.V3_1_1, List.of(forward("data/#", "")), List.of());
    }

    private Mqtt5BlockingClient client(int port, String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port).buildBlocking();
        c.connect();
        closeLast.add(() -> {
            try {
                c.disconnect();
            } catch (RuntimeException e) {
                // the broker is gone already
            }
        });
        return c;
    }

    static void awaitState(BridgingServer local, String bridge, String state) {
        await().atMost(Duration.ofSeconds(15)).until(() -> local.bridge(bridge).path("status").path("state").asText().equals(state));
    }

    private static void awaitCounter(BridgingServer local, String bridge, String counter, long value) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                local.bridge(bridge).path("status").path("counters").path(counter).asLong() == value);
    }

    private static void assertBadRequest(HttpResponse<String> r, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(BridgingServer.json(r).path("message").asText()).contains(message);
    }

    private static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes got) throws InterruptedException {
        Optional<Mqtt5Publish> m = got.receive(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isPresent();
        return m.get();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
