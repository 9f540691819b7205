package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.it.AuthHttpServer;
import io.wrenmq.broker.transport.TestPki;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.bridge.BridgeCacheConfig;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeForward;
import io.wrenmq.server.bridge.BridgeSubscription;
import io.wrenmq.server.bridge.BridgeWill;
import io.wrenmq.server.bridge.BridgesConfig;
import io.wrenmq.server.config.NanoMqFiles;
import io.wrenmq.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NanoMQ 0.23's own configuration files work unchanged with `wrenmq start`: our copies of them (same keys and
 * values, src/test/resources/nanomq/) get only free ports and test paths, then real clients connect, publish and
 * subscribe. Every key WrenMQ ignores is named by exactly one WARN line in the log the file itself configures
 * (log.to = [file, console], level = warn). The example file's rules are left out here (they need a MySQL server;
 * RuleConfigTest reads them as shipped). The bridges' remote brokers are moved to a port where nothing listens, so
 * the bridges try in vain whatever else runs on this machine.
 */
@Timeout(120)
class NanoMqConfigFilesTest {
    private static final Pattern IGNORED = Pattern.compile(" WARN .*: (\\S+) is a NanoMQ key that has no effect in WrenMQ");

    @TempDir
    Path dir;

    @Test
    void nanomqConfServesMqttWebSocketsAndTheRestApiWithTheFilesCredentials() throws Exception {
        int apiPort = ApiProbe.freePort();
        Map<String, String> swap = new LinkedHashMap<>();
        swap.put("\"0.0.0.0:1883\"", "\"0.0.0.0:0\"");
        swap.put("\"0.0.0.0:8083/mqtt\"", "\"0.0.0.0:0/mqtt\"");
        swap.put("port = 8081", "port = " + apiPort);
        swap.put("dir = \"/tmp\"", "dir = \"" + dir + "\"");
        swap.put("/etc/certs/jwt/jwtRS256.key.pub", dir.resolve("jwtRS256.key.pub").toString());
        NanoMqFiles.write(dir, "nanomq.conf", NanoMqFiles.text("nanomq.conf"), swap);

        StartedBroker started = StartedBroker.start(dir, Map.of(), "start", "--conf", "nanomq.conf");
        try {
            WrenBroker broker = started.broker();
            // 260MB is above what MQTT can carry: clamped to the protocol maximum, with a warning
            assertThat(broker.config().maxPacketSize()).isEqualTo(268_435_460);
            assertThat(broker.config().maxInflightWindow()).isEqualTo(2048);
            assertThat(started.httpServer().ipAddr()).as("no ip_addr: loopback, not NanoMQ's 0.0.0.0")
                    .isEqualTo("127.0.0.1");

            int tcp = broker.boundAddresses().get(0).getPort();
            int ws = broker.boundAddresses().get(1).getPort();
            Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("nmq-ws-sub").serverHost("127.0.0.1").serverPort(ws)
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("nmq-tcp-pub").serverHost("127.0.0.1")
                    .serverPort(tcp).buildBlocking();
            try {
                sub.connect(); // anonymous: the file says allow_anonymous = true
                Mqtt5ConnAck ack = pub.connect();
                assertThat(ack.getRestrictions().getMaximumPacketSize()).isEqualTo(268_435_460);
                assertPubSub(pub, sub, "nanomq/conf");
            } finally {
                disconnect(pub, sub);
            }

            // the http_server block is there, so the REST API is on, with the file's admin/public
            assertThat(ApiProbe.get(apiPort, "/api/v4/brokers", "admin", "public").statusCode()).isEqualTo(200);
            assertThat(ApiProbe.get(apiPort, "/api/v4/brokers", "admin", "wrong").statusCode()).isEqualTo(401);
            // and GET /configuration shows it the way the loader read it: on, password masked
            assertThat(ApiProbe.get(apiPort, "/api/v4/configuration/http_server", "admin", "public").body())
                    .contains("\"enable\":true").contains("\"password\":\"******\"");

            assertThat(ignoredKeysWarned()).containsExactlyInAnyOrder(
                    "mqtt.property_size", "mqtt.max_awaiting_rel", "mqtt.await_rel_timeout");
            assertThat(warnings()).filteredOn(l -> l.contains("mqtt.max_packet_size: \"260MB\""))
                    .singleElement().asString().contains("using 268435460 bytes");
            assertThat(warnings()).noneMatch(l -> l.contains("http_server.password")); // loopback: no warning
        } finally {
            assertThat(started.stop().code()).isZero();
        }
    }

    @Test
    void nanomqExampleConfRunsWithItsPasswordAndAclFilesWebhookHttpAuthAndBridges() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("certs")));
        try (AuthHttpServer http = new AuthHttpServer()) {
            // NanoMQ's HTTP semantics: 2xx allows, and super_req 4xx leaves the client a normal user (ACL applies)
            http.answer(r -> r.path().equals("/mqtt/superuser") ? 404 : 200);
            int apiPort = ApiProbe.freePort();
            Map<String, String> swap = new LinkedHashMap<>();
            for (String bind : List.of("1883", "1884", "1885", "8883", "8881", "8884")) {
                swap.put("\"0.0.0.0:" + bind + "\"", "\"0.0.0.0:0\"");
            }
            swap.put("\"0.0.0.0:8083/mqtt\"", "\"0.0.0.0:0/mqtt\"");
            swap.put("\"0.0.0.0:8086/mqtt\"", "\"0.0.0.0:0/mqtt\"");
            swap.put("port = 8081", "port = " + apiPort);
            swap.put("http://127.0.0.1:80", http.url(""));
            swap.put("http://127.0.0.1:8991", http.url(""));
            swap.put("/etc/certs/key.pem", pki.file("server-pkcs8.key").toString());
            swap.put("/etc/certs/cert.pem", pki.file("server.crt").toString());
            swap.put("/etc/certs/cacert.pem", pki.file("ca.pem").toString());
            swap.put("/etc/certs/jwt/jwtRS256.key.pub", dir.resolve("jwtRS256.key.pub").toString());
            swap.put("/etc/nanomq_pwd.conf", "nanomq_pwd.conf"); // included from beside the main file
            swap.put("/etc/nanomq_acl.conf", "nanomq_acl.conf");
            swap.put("dir = \"/tmp\"", "dir = \"" + dir + "\"");
            swap.putAll(nowhere("mqtt-tcp://127.0.0.1:1883", "mqtt-tcp://127.1:1883", "\"127.0.0.1:8883\""));
            NanoMqFiles.write(dir, "nanomq_pwd.conf", NanoMqFiles.text("nanomq_pwd.conf"), Map.of());
            NanoMqFiles.write(dir, "nanomq_acl.conf", NanoMqFiles.text("nanomq_acl.conf"), Map.of());
            // Its rules need a MySQL server and a broker on localhost:1883: RuleConfigTest reads them as shipped.
            String full = NanoMqFiles.text("nanomq_example.conf");
            NanoMqFiles.write(dir, "nanomq_example.conf", NanoMqFiles.withoutBlocks(full, "rules"), swap);
            StartedBroker started = StartedBroker.start(dir, Map.of(), "start", "--conf", "nanomq_example.conf");
            try {
                exampleFileWorks(started, pki, http, apiPort);
            } finally {
                assertThat(started.stop().code()).isZero();
            }
        }
    }

    private void exampleFileWorks(StartedBroker started, TestPki pki, AuthHttpServer http, int apiPort) throws Exception {
        WrenBroker broker = started.broker();
        assertThat(broker.boundAddresses()).hasSize(8); // 3 tcp, 3 ssl, ws, wss
        int tcp = broker.boundAddresses().get(0).getPort();
        int ssl = broker.boundAddresses().get(4).getPort(); // listeners.ssl.default_1

        // a user of the included nanomq_pwd.conf logs in; a wrong password is refused
        Mqtt5BlockingClient sub = client("nmq-sub", tcp, "client", "public");
        Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("nmq-tls-pub").serverHost("127.0.0.1").serverPort(ssl)
                .sslConfig().trustManagerFactory(TestPki.trustManagers(pki.ca)).applySslConfig()
                .simpleAuth().username("admin").password("public".getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildBlocking();
        try {
            Mqtt5ConnAck ack = sub.connect();
            assertThat(ack.getRestrictions().getMaximumPacketSize()).isEqualTo(1024); // max_packet_size = 1KB
            pub.connect();
            assertThat(new ArrayList<>(http.requests)).as("password users are decided by the password file, not HTTP")
                    .noneMatch(r -> r.path().startsWith("/mqtt/"));
            assertThatThrownBy(() -> client("nmq-bad", tcp, "admin", "nope").connect())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
            assertPubSub(pub, sub, "a/b/c");
        } finally {
            disconnect(pub, sub);
        }

        // the http_auth block is there, so HTTP auth is on: an anonymous client is asked about at auth_req
        Mqtt5BlockingClient anonymous = Mqtt5Client.builder().identifier("nmq-anon").serverHost("127.0.0.1")
                .serverPort(tcp).buildBlocking();
        anonymous.connect();
        anonymous.disconnect();
        assertThat(new ArrayList<>(http.requests)).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/mqtt/auth");
            assertThat(r.params()).containsEntry("clientid", "nmq-anon");
        });
        // the webhook block: on_message_publish for a/b/c and on_client_connack reach the file's url
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(new ArrayList<>(http.requests))
                .anySatisfy(r -> assertThat(r.body()).contains("message_publish").contains("a/b/c"))
                .anySatisfy(r -> assertThat(r.body()).contains("client_connack")));
        // the REST API listens on the file's 0.0.0.0 with admin/public (and says so in a warning)
        assertThat(ApiProbe.get(apiPort, "/api/v4/brokers", "admin", "public").statusCode()).isEqualTo(200);

        assertThat(ignoredKeysWarned()).containsExactlyInAnyOrder("system.max_taskq_thread", "system.parallel",
                "system.hook_ipc_url", "system.cmd_ipc_url", "mqtt.max_awaiting_rel", "mqtt.await_rel_timeout",
                "mqtt.property_size", "sqlite.disk_cache_size", "sqlite.flush_mem_threshold", "sqlite.resend_interval",
                "preset", "exchange_client", "parquet", "plugin", "bridges.mqtt.emqx1.quic_*", "bridges.mqtt.emqx1.tcp",
                "bridges.mqtt.emqx1.retry_qos_0");
        // hybrid_bridging = false: the file's mqtt-quic:// hybrid server is not used, nor are its quic_* keys
        assertThat(warnings()).filteredOn(l -> l.contains("bridges.mqtt.emqx1.quic_*: unused: no server of this bridge is mqtt-quic://"))
                .hasSize(1);
        // both bridges of the file are read (bridges.aws.c1 is one too, over TLS as AWS IoT Core wants)
        BridgesConfig bridges = started.config().bridges();
        assertThat(bridges.mqtt()).extracting(BridgeConfig::name, BridgeConfig::clientId, BridgeConfig::version)
                .containsExactly(tuple("emqx1", "bridge_client", MqttVersion.V5), tuple("c1", "aws_bridge_client", MqttVersion.V3_1_1));
        assertThat(bridges.mqtt().get(1).servers()).singleElement().satisfies(s -> assertThat(s.tls()).isTrue());
        assertThat(bridges.mqtt().get(0).subscriptions()).extracting(BridgeSubscription::retainAsPublished,
                BridgeSubscription::retainHandling).containsExactly(tuple(true, 2), tuple(false, 0));
        assertThat(bridges.mqtt().get(0).cancelTimeout()).isEqualTo(Duration.ofSeconds(8)); // NanoMQ's 8000 (ms)
        assertThat(warnings()).filteredOn(l -> l.contains("http_server.password: the REST API password is the well-known"))
                .hasSize(1);

        // the ACL file's own example deny rule, switched on and reloaded: "#" for everyone but the dashboard user
        Path acl = dir.resolve("nanomq_acl.conf");
        Files.writeString(acl, Files.readString(acl).replace("# {\"permit\": \"deny\"", "{\"permit\": \"deny\""));
        started.reload();
        Mqtt5BlockingClient user = client("nmq-user", tcp, "client", "public");
        Mqtt5BlockingClient dashboard = client("nmq-dash", tcp, "dashboard", "x");
        user.connect();
        try {
            assertThatThrownBy(() -> user.subscribeWith().topicFilter("t/1").qos(MqttQos.AT_LEAST_ONCE).send())
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
                            .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        } finally {
            user.disconnect();
        }
        // "dashboard" is not in nanomq_pwd.conf: HTTP auth_req (2xx) lets it in, and the ACL lets it read $SYS
        dashboard.connect();
        try {
            assertThat(dashboard.subscribeWith().topicFilter("$SYS/#").qos(MqttQos.AT_MOST_ONCE).send().getReasonCodes())
                    .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_0);
        } finally {
            dashboard.disconnect();
        }
    }

    @Test
    void nanomqBridgeConfStartsWithItsBridgeAndTheBrokerServesWhileTheRemoteIsAway() throws Exception {
        // the bridge's remote is not running: start-up must not wait for it (the runtime retries in the background)
        NanoMqFiles.write(dir, "nanomq_bridge.conf", NanoMqFiles.text("nanomq_bridge.conf"),
                nowhere("mqtt-tcp://127.0.0.1:1883", "mqtt-tcp://127.1:1883"));
        StartedBroker started = StartedBroker.start(dir, Map.of("WRENMQ_LISTENERS__TCP__BIND", "127.0.0.1:0"),
                "start", "--conf", "nanomq_bridge.conf");
        try {
            BridgesConfig bridges = started.config().bridges();
            assertThat(bridges.cache()).isEqualTo(new BridgeCacheConfig(true, 102_400, 100, Duration.ofMillis(5000)));
            BridgeConfig b = bridges.mqtt().get(0);
            assertThat(bridges.mqtt()).hasSize(1);
            assertThat(b.name()).isEqualTo("emqx1");
            assertThat(b.servers()).singleElement().satisfies(s -> assertThat(s.tls()).isFalse());
            assertThat(b.clientId()).as("clientid is commented out: derived from the node name")
                    .isEqualTo("wrenmq_127_0_0_1-bridge-emqx1");
            assertThat(b.version()).isEqualTo(MqttVersion.V3_1_1);
            assertThat(b.cleanStart()).isFalse();
            assertThat(b.username()).isEqualTo("username");
            assertThat(b.password()).isEqualTo("passwd");
            assertThat(b.connProperties()).isEqualTo(new BridgeConfig.ConnProperties(0, 65535, 1024, 0, true, false,
                    Map.of("key1", "value1", "key2", "value2")));
            assertThat(b.will()).extracting(BridgeWill::topic, BridgeWill::qos, BridgeWill::retain, BridgeWill::payload)
                    .containsExactly("will_topic", 1, false, "will_message");
            assertThat(b.forwards()).containsExactly(new BridgeForward("topic1", "fwd/topic1", -1, 2, "", ""),
                    new BridgeForward("topic2", "fwd/topic2", -1, 2, "", ""));
            assertThat(b.subscriptions()).extracting(BridgeSubscription::remoteTopic, BridgeSubscription::localTopic,
                    BridgeSubscription::qos).containsExactly(tuple("cmd/topic3", "topic3", 1), tuple("cmd/topic4", "topic4", 2));
            assertThat(b.subscriptionId()).isEqualTo(1);
            assertThat(List.of(b.maxParallelProcesses(), b.maxSendQueueLen(), b.maxRecvQueueLen())).containsExactly(2, 32, 128);
            assertThat(started.config().notices()).extracting(ServerConfig.Notice::message)
                    .anySatisfy(m -> assertThat(m).contains("nanomq_bridge.conf:63: bridges.mqtt.emqx1.quic_* is a NanoMQ key"))
                    .anySatisfy(m -> assertThat(m).contains("nanomq_bridge.conf:64: bridges.mqtt.emqx1.quic_*: unused"))
                    .hasSize(2);

            int tcp = started.broker().port();
            Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("b-sub").serverHost("127.0.0.1").serverPort(tcp).buildBlocking();
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("b-pub").serverHost("127.0.0.1").serverPort(tcp).buildBlocking();
            try {
                sub.connect();
                pub.connect();
                assertPubSub(pub, sub, "topic1");
            } finally {
                disconnect(pub, sub);
            }
        } finally {
            assertThat(started.stop().code()).isZero();
        }
    }

    /** Replacements that point the given bridge servers at a local port where nothing listens. */
    private static Map<String, String> nowhere(String... servers) throws IOException {
        int port = ApiProbe.freePort();
        Map<String, String> swap = new LinkedHashMap<>();
        for (String s : servers) {
            swap.put(s, s.replaceFirst(":\\d+", ":" + port));
        }
        return swap;
    }

    private static void assertPubSub(Mqtt5BlockingClient pub, Mqtt5BlockingClient sub, String topic) throws Exception {
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = sub.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("hello".getBytes(StandardCharsets.UTF_8)).send();
            Mqtt5Publish got = inbox.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(got.getTopic().toString()).isEqualTo(topic);
            assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    private static Mqtt5BlockingClient client(String id, int port, String user, String password) {
        Mqtt5ClientBuilder b = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port);
        return b.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
    }

    private static void disconnect(Mqtt5BlockingClient... clients) {
        for (Mqtt5BlockingClient c : clients) {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        }
    }


    /** The WARN lines of the log file the NanoMQ file configures (log.dir, now the test directory; nanomq.log). */
    private List<String> warnings() throws IOException {
        return Files.readAllLines(dir.resolve("nanomq.log")).stream().filter(l -> l.contains(" WARN ")).toList();
    }

    /** The key named by each "has no effect" WARN line, once per line (so a key warned twice shows twice). */
    private List<String> ignoredKeysWarned() throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : warnings()) {
            Matcher m = IGNORED.matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

}
