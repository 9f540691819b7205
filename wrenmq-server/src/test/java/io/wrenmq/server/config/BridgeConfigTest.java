package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wrenmq.client.QuicOptions;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.bridge.BridgeCacheConfig;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeForward;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.bridge.BridgeSubscription;
import io.wrenmq.server.bridge.BridgeTlsConfig;
import io.wrenmq.server.bridge.BridgeWill;
import io.wrenmq.server.bridge.BridgesConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code bridges} block (BridgeKeys, BridgeReader, BridgeRoutes): every key read from a file, the defaults,
 * NanoMQ's spellings and forms, each error with its key, file and line, and the WARN lines of NanoMQ keys that have
 * no effect. Relative paths are resolved against the directory given to the loader (WRENMQ_HOME at run time).
 */
@Timeout(30)
class BridgeConfigTest {
    private static final String TCP = "server = \"mqtt-tcp://127.0.0.1:1883\"";

    @TempDir
    Path dir;

    @BeforeEach
    void pemFiles() throws Exception {
        // Only readability is the loader's business; the bridge runtime reads the PEM content when it connects.
        Files.createDirectories(dir.resolve("certs"));
        for (String f : List.of("ca.pem", "client.crt", "client.key")) {
            Files.writeString(dir.resolve("certs").resolve(f), "-----BEGIN CERTIFICATE-----\n");
        }
    }

    private ServerConfig load(String text) throws Exception {
        return load(text, Map.of());
    }

    private ServerConfig load(String text, Map<String, String> env) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("b.conf"), text), env, ConfigLayer.empty(), dir);
    }

    private BridgeConfig only(String text) throws Exception {
        return load(text).bridges().mqtt().get(0);
    }

    private void refused(String text, String... parts) {
        var thrown = assertThatThrownBy(() -> load(text)).isInstanceOf(InvalidConfigException.class);
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    /** The notices' messages, without the directory before the file name. */
    private List<String> notices(String text) throws Exception {
        return messages(load(text));
    }

    private List<String> messages(ServerConfig c) {
        return c.notices().stream().map(n -> n.message().replace(dir + "/", "")).toList();
    }

    @Test
    void everyKeyIsReadFromTheFile() throws Exception {
        ServerConfig c = load("""
                system.node_name = "edge-7"
                bridges.mqtt.cloud {
                  enable = false
                  server = "tls+mqtt-tcp://broker.example.com:8884"
                  proto_ver = 5
                  clientid = "plant-3"
                  keepalive = 30s
                  backoff_max = 2m
                  clean_start = false
                  username = "bridge"
                  password = " s3cret"
                  transparent = true
                  ssl {
                    cacertfile = "certs/ca.pem"
                    certfile = "certs/client.crt"
                    keyfile = "certs/client.key"
                    key_password = "kp"
                    verify_peer = false
                    server_name_indication = "cloud.example.com"
                  }
                  conn_properties {
                    maximum_packet_size = 65536
                    receive_maximum = 50
                    topic_alias_maximum = 10
                    request_problem_information = false
                    request_response_information = true
                    session_expiry_interval = 3600
                    user_property { site = "plant-3" }
                  }
                  will {
                    topic = "bridge/plant-3/status"
                    qos = 1
                    retain = true
                    payload = "offline"
                    properties {
                      payload_format_indicator = 1
                      message_expiry_interval = 600
                      content_type = "text/plain"
                      response_topic = "bridge/plant-3/ack"
                      correlation_data = "c-1"
                      will_delay_interval = 5
                      user_property { k = v }
                    }
                  }
                  forwards = [
                    { local_topic = "sensors/+/temp", remote_topic = "plant/+/t", qos = 1, retain = 0, prefix = "eu/", suffix = "/raw" }
                    { local_topic = "alarms/#" }
                  ]
                  subscription = [
                    { remote_topic = "cmd/plant-3/#", local_topic = "cmd/#", qos = 2, retain = 1, retain_as_published = true,
                      retain_handling = 2, no_local = false, prefix = "in/", suffix = "/x" }
                  ]
                  sub_properties { identifier = 7, user_property { a = b } }
                  hybrid_bridging = true
                  hybrid_servers = ["mqtt-tcp://[::1]:1884", "tls+mqtt-tcp://backup.example.com"]
                  max_parallel_processes = 4
                  max_send_queue_len = 64
                  max_inflight = 500
                  max_recv_queue_len = 256
                  resend_interval = 2s
                  resend_wait = 1500ms
                  cancel_timeout = 20s
                }
                bridges.mqtt.cache { enable = true, disk_cache_size = 5000, flush_mem_threshold = 50, resend_interval = 1s }
                """);
        BridgeConfig b = c.bridges().mqtt().get(0);
        assertThat(b).isEqualTo(new BridgeConfig("cloud", false,
                List.of(new BridgeServer("tls+mqtt-tcp://broker.example.com:8884", "broker.example.com", 8884, true),
                        new BridgeServer("mqtt-tcp://[::1]:1884", "::1", 1884, false),
                        new BridgeServer("tls+mqtt-tcp://backup.example.com", "backup.example.com", 8883, true)),
                MqttVersion.V5, "plant-3", Duration.ofSeconds(30), Duration.ofMinutes(2), false, "bridge", " s3cret",
                new BridgeTlsConfig(dir.resolve("certs/ca.pem"), dir.resolve("certs/client.crt"), dir.resolve("certs/client.key"),
                        "kp", false, "cloud.example.com"),
                new BridgeConfig.ConnProperties(3600, 50, 65536, 10, false, true, Map.of("site", "plant-3")),
                new BridgeWill("bridge/plant-3/status", 1, true, "offline", 1, 600, "text/plain", "bridge/plant-3/ack", "c-1", 5,
                        Map.of("k", "v")),
                List.of(new BridgeForward("sensors/+/temp", "plant/+/t", 1, 0, "eu/", "/raw"),
                        new BridgeForward("alarms/#", "", -1, 2, "", "")),
                List.of(new BridgeSubscription("cmd/plant-3/#", "cmd/#", 2, 1, true, 2, false, "in/", "/x")),
                7, Map.of("a", "b"), true, 4, 64, 500, 256, Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofSeconds(20)));
        assertThat(c.bridges().cache()).isEqualTo(new BridgeCacheConfig(true, 5000, 50, Duration.ofSeconds(1)));
        assertThat(c.notices()).isEmpty();
    }

    @Test
    void aBridgeWithOnlyAServerTakesTheDefaults() throws Exception {
        ServerConfig c = load("bridges.mqtt.b1 { " + TCP + " }\n");
        assertThat(c.bridges().mqtt()).containsExactly(new BridgeConfig("b1", true,
                List.of(new BridgeServer("mqtt-tcp://127.0.0.1:1883", "127.0.0.1", 1883, false)), MqttVersion.V3_1_1,
                "wrenmq_127_0_0_1-bridge-b1", Duration.ofSeconds(60), Duration.ofSeconds(60), true, null, null, null,
                BridgeConfig.ConnProperties.DEFAULT, null, List.of(), List.of(), 0, Map.of(), false, 2, 32, 1024, 128,
                Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(10)));
        assertThat(c.bridges().cache()).isEqualTo(BridgeCacheConfig.DEFAULT);
        assertThat(c.notices()).isEmpty();
        assertThat(load("mqtt.max_qos = 1\n").bridges()).isEqualTo(BridgesConfig.NONE);
    }

    @Test
    void theDefaultClientIdIsTheNodeNameMadeSafeAndTheBridgesName() throws Exception {
        // stable across restarts (the remote session is found again) and different for every bridge
        BridgeConfig b = only("system.node_name = \"edge 7.plant@site-ü\"\nbridges.mqtt.up { " + TCP + " }\n");
        assertThat(b.clientId()).isEqualTo("edge_7_plant_site-_-bridge-up");
        assertThat(b.sessionName()).isEqualTo("$bridge/up");
        assertThat(only("bridges.mqtt.up { " + TCP + ", clientid = \"\" }\n").clientId()).isEqualTo("wrenmq_127_0_0_1-bridge-up");
    }

    @Test
    void nanomqsSpellingsAndForms() throws Exception {
        BridgeConfig b = only("""
                bridges.mqtt.emqx1 {
                  server = "mqtt-tcp://127.0.0.1"
                  proto_ver = 3
                  username = username
                  conn_properties = {
                    request_problem_infomation = 0
                    request_response_infomation = 1
                    user_property = { key1 = value1, key2 = 2 }
                  }
                  subscription = [ { remote_topic = "cmd/topic3", local_topic = "topic3", qos = 1, retain_as_published = 1 } ]
                  resend_interval = 5000
                  resend_wait = 3000
                  cancel_timeout = 8000
                }
                """);
        assertThat(b.servers()).containsExactly(new BridgeServer("mqtt-tcp://127.0.0.1", "127.0.0.1", 1883, false));
        assertThat(b.version()).isEqualTo(MqttVersion.V3_1);
        assertThat(b.username()).isEqualTo("username");
        assertThat(b.connProperties().requestProblemInformation()).isFalse();
        assertThat(b.connProperties().requestResponseInformation()).isTrue();
        assertThat(b.connProperties().userProperties()).isEqualTo(Map.of("key1", "value1", "key2", "2"));
        assertThat(b.subscriptions().get(0).retainAsPublished()).isTrue();
        assertThat(b.subscriptions().get(0).noLocal()).as("no No Local option before MQTT 5").isFalse();
        assertThat(b.resendInterval()).isEqualTo(Duration.ofSeconds(5)); // NanoMQ's plain milliseconds
        assertThat(b.resendWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.cancelTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(only("bridges.mqtt.v5 { " + TCP + ", proto_ver = 5, subscription = [ { remote_topic = a } ] }\n")
                .subscriptions().get(0).noLocal()).as("a v5 bridge does not get its own forwards back").isTrue();
        refused("bridges.mqtt.x { " + TCP + "\n conn_properties { request_problem_information = 1\n"
                        + " request_problem_infomation = 1 } }\n",
                "b.conf:3: bridges.mqtt.x.conn_properties.request_problem_infomation: written twice");
    }

    @Test
    void awsBridgesTakeTheSameKeysAndAHostPortServerIsTls() throws Exception {
        BridgesConfig c = load("""
                bridges.aws.c1 {
                  server = "a1b2-ats.iot.eu-west-1.amazonaws.com:8883"
                  clientid = "thing-7"
                  ssl { certfile = "certs/client.crt", keyfile = "certs/client.key" }
                  forwards = [ { remote_topic = "fwd/topic1", local_topic = "topic1" } ]
                  max_parallel_processes = 2
                }
                bridges.aws.c2 { server = "iot.example.com", clientid = c2 }
                bridges.mqtt.local { server = "mqtt-tcp://127.0.0.1:1883" }
                """).bridges();
        assertThat(c.mqtt()).extracting(BridgeConfig::name).containsExactly("local", "c1", "c2");
        BridgeConfig aws = c.mqtt().get(1);
        assertThat(aws.servers()).containsExactly(new BridgeServer("a1b2-ats.iot.eu-west-1.amazonaws.com:8883",
                "a1b2-ats.iot.eu-west-1.amazonaws.com", 8883, true));
        assertThat(aws.tls().certFile()).isEqualTo(dir.resolve("certs/client.crt"));
        assertThat(aws.tls().caCertFile()).as("the JVM's CAs").isNull();
        assertThat(aws.tls().verifyPeer()).isTrue();
        assertThat(c.mqtt().get(2).servers().get(0).port()).isEqualTo(8883);
        refused("bridges.mqtt.m { server = \"broker:1883\" }\n", "b.conf:1: bridges.mqtt.m.server: not an MQTT server URL",
                "mqtt-tcp://host:port");
        refused("bridges.mqtt.a { " + TCP + " }\nbridges.aws.a { server = \"h:8883\" }\n",
                "b.conf:2: bridges.aws.a: a second bridge named a");
    }

    @Test
    void serverUrls() throws Exception {
        assertThat(only("bridges.mqtt.b { server = \"tls+mqtt-tcp://[2001:db8::1]\" }\n").servers())
                .containsExactly(new BridgeServer("tls+mqtt-tcp://[2001:db8::1]", "2001:db8::1", 8883, true));
        assertThat(only("bridges.mqtt.b { server = \"MQTT-TCP://Broker.local:1999\" }\n").servers().get(0))
                .extracting(BridgeServer::host, BridgeServer::port, BridgeServer::tls).containsExactly("Broker.local", 1999, false);
        assertThat(only("bridges.mqtt.b { server = \"mqtt-quic://[::1]\" }\n").servers())
                .containsExactly(new BridgeServer("mqtt-quic://[::1]", "::1", 14567, true, QuicOptions.DEFAULTS));
        refused("bridges.mqtt.b {\n server = \"mqtt-quic://127.0.0.1:0\"\n}\n",
                "b.conf:2: bridges.mqtt.b.server: not a port 1..65535");
        refused("bridges.mqtt.b { server = \"http://h:80\" }\n", "bridges.mqtt.b.server: not an MQTT server URL");
        refused("bridges.mqtt.b { server = \"mqtt-tcp://::1:1883\" }\n", "an IPv6 address needs brackets");
        refused("bridges.mqtt.b { server = \"mqtt-tcp://h:70000\" }\n", "not a port 1..65535");
        refused("bridges.mqtt.b { server = \"mqtt-tcp://:1883\" }\n", "no host name or address");
        refused("bridges.mqtt.b { server = \"mqtt-tcp://h/path\" }\n", "no host name or address");
        refused("bridges.mqtt.b { proto_ver = 5 }\n", "b.conf:1: bridges.mqtt.b.server: missing");
        refused("bridges.mqtt.b { " + TCP + ", proto_ver = 6 }\n", "bridges.mqtt.b.proto_ver: unknown value 6",
                "allowed values are 3, 4, 5");
    }

    @Test
    void hybridServersFailOverInOrderQuicOnesToo() throws Exception {
        String text = """
                bridges.mqtt.h {
                  server = "mqtt-tcp://127.0.0.1:1883"
                  hybrid_bridging = %s
                  hybrid_servers = ["mqtt-quic://127.1:14567", "mqtt-tcp://127.1:1883", "mqtt-tcp://127.0.0.1:1883"]
                }
                """;
        ServerConfig on = load(text.formatted("true"));
        assertThat(on.bridges().mqtt().get(0).servers()).extracting(BridgeServer::url)
                .containsExactly("mqtt-tcp://127.0.0.1:1883", "mqtt-quic://127.1:14567", "mqtt-tcp://127.1:1883"); // the server itself once
        assertThat(on.bridges().mqtt().get(0).servers().get(1).quic()).isEqualTo(QuicOptions.DEFAULTS);
        assertThat(messages(on)).isEmpty();
        ServerConfig off = load(text.formatted("false"));
        assertThat(off.bridges().mqtt().get(0).servers()).extracting(BridgeServer::url).containsExactly("mqtt-tcp://127.0.0.1:1883");
        refused("bridges.mqtt.h { " + TCP + "\n hybrid_servers = [\"mqtt-tcp://a:1\", \"tcp://b\"] }\n",
                "b.conf:2: bridges.mqtt.h.hybrid_servers[1]: not an MQTT server URL");
    }

    @Test
    void anEntryIsNamedByItsIndexWithItsLine() {
        refused("bridges.mqtt.b {\n " + TCP + "\n forwards = [\n  { local_topic = a }\n  { local_topic = b, qos = 3 }\n ]\n}\n",
                "b.conf:5: bridges.mqtt.b.forwards[1].qos: out of range: 3 (allowed range is -1..2)");
    }

    /** One key (or entry) of bridge b, written wrong, and the start of the error that names it. */
    static Stream<Arguments> badKeys() {
        return Stream.of(
                arguments("forwards = [ { remote_topic = x } ]", "bridges.mqtt.b.forwards[0].local_topic: missing"),
                arguments("forwards = [ { local_topic = \"a/#/b\" } ]",
                        "bridges.mqtt.b.forwards[0].local_topic: not a topic filter"),
                arguments("forwards = [ { local_topic = \"a/#\", prefix = \"site/+/\" } ]",
                        "bridges.mqtt.b.forwards[0].prefix: must not contain + or #"),
                arguments("forwards = [ { local_topic = \"a/#\", suffix = \"/#\" } ]",
                        "bridges.mqtt.b.forwards[0].suffix: must not contain + or #"),
                arguments("forwards = [ { local_topic = a, retain = 3 } ]",
                        "bridges.mqtt.b.forwards[0].retain: out of range: 3"),
                arguments("subscription = [ { remote_topic = a, qos = -1 } ]",
                        "bridges.mqtt.b.subscription[0].qos: out of range: -1"),
                arguments("subscription = [ { local_topic = a } ]", "bridges.mqtt.b.subscription[0].remote_topic: missing"),
                arguments("subscription = [ { remote_topic = a, retain_handling = 3 } ]",
                        "bridges.mqtt.b.subscription[0].retain_handling: out of range: 3"),
                arguments("forwards = { local_topic = a }",
                        "bridges.mqtt.b.forwards: wrong type: found object (expected a list forwards = [ { local_topic, remote_topic"),
                arguments("forwards = [ { local_topic = a, remote_topc = b } ]",
                        "bridges.mqtt.b.forwards[0].remote_topc: unknown key (did you mean bridges.mqtt.b.forwards[0].remote_topic?)"),
                arguments("forwards = [ { local_topic = \"a/+\", remote_topic = \"b/#\" } ]",
                        "bridges.mqtt.b.forwards[0].remote_topic: \"b/#\" has # but local_topic \"a/+\" has none to fill it with"),
                arguments("forwards = [ { local_topic = \"a/#\", remote_topic = \"b/#/c\" } ]",
                        "bridges.mqtt.b.forwards[0].remote_topic: not a topic pattern"),
                arguments("subscription = [ { remote_topic = \"cmd/x\", local_topic = \"local/+\" } ]",
                        "bridges.mqtt.b.subscription[0].local_topic: \"local/+\" has 1 + but remote_topic \"cmd/x\" has 0"),
                arguments("conn_properties { receive_maximun = 5 }",
                        "bridges.mqtt.b.conn_properties.receive_maximun: unknown key (did you mean bridges.mqtt.b.conn_properties.receive_maximum?)"),
                arguments("will { topic = t, properties { expiry = 1 } }",
                        "bridges.mqtt.b.will.properties.expiry: unknown key"),
                arguments("quic_keepalve = 1s", "bridges.mqtt.b.quic_keepalve: unknown key"),
                arguments("will = 1", "bridges.mqtt.b.will: wrong type: found number (expected a block will {"),
                arguments("will { qos = 1 }", "bridges.mqtt.b.will.topic: missing"),
                arguments("will { topic = \"a/+\" }", "bridges.mqtt.b.will.topic: not a topic name"),
                arguments("keepalive = 60", "bridges.mqtt.b.keepalive: duration without a unit"),
                arguments("clean_start = maybe", "bridges.mqtt.b.clean_start: not a boolean"),
                arguments("conn_properties.session_expiry_interval = 4294967296",
                        "bridges.mqtt.b.conn_properties.session_expiry_interval: out of range"));
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void aBadKeyStopsStartUpNamingIt(String keys, String error) {
        refused("bridges.mqtt.b { " + TCP + ", " + keys + " }\n", "b.conf:1: " + error);
    }

    @Test
    void aRemapPatternHasNoMoreWildcardsThanTheFilterItIsFilledFrom() throws Exception {
        BridgeConfig b = only("""
                bridges.mqtt.b {
                  server = "mqtt-tcp://127.0.0.1:1883"
                  forwards = [ { local_topic = "+/nano/#", remote_topic = "#" }, { local_topic = "a/+/+", remote_topic = "x/+/y/+" } ]
                  subscription = [ { remote_topic = "cmd/+/#", local_topic = "local/+/#" } ]
                }
                """);
        assertThat(b.forwards()).extracting(BridgeForward::remoteTopic).containsExactly("#", "x/+/y/+");
        assertThat(b.subscriptions()).extracting(BridgeSubscription::localTopic).containsExactly("local/+/#");
        refused("bridges.mqtt.b {\n " + TCP + "\n forwards = [ { local_topic = \"a/+\", remote_topic = \"b/+/+\" } ]\n}\n",
                "b.conf:3: bridges.mqtt.b.forwards[0].remote_topic: \"b/+/+\" has 2 + but local_topic \"a/+\" has 1 to fill them with");
    }

    @Test
    void sslFilesMustBeReadableAndAreRelativeToTheHome() throws Exception {
        refused("bridges.mqtt.s {\n server = \"tls+mqtt-tcp://h:8883\"\n ssl {\n  cacertfile = \"certs/nope.pem\"\n }\n}\n",
                "b.conf:4: bridges.mqtt.s.ssl.cacertfile: no such file: " + dir.resolve("certs/nope.pem"));
        refused("bridges.mqtt.s { server = \"tls+mqtt-tcp://h:8883\", ssl { certfile = \"certs/client.crt\" } }\n",
                "bridges.mqtt.s.ssl.keyfile: missing");
        refused("bridges.mqtt.s { server = \"tls+mqtt-tcp://h:8883\", ssl { keyfile = \"certs/client.key\" } }\n",
                "bridges.mqtt.s.ssl.certfile: missing");
        Path absolute = dir.resolve("certs/ca.pem").toAbsolutePath();
        assertThat(only("bridges.mqtt.s { server = \"tls+mqtt-tcp://h\", ssl { cacertfile = \"" + absolute + "\" } }\n")
                .tls().caCertFile()).isEqualTo(absolute);
        // a tls+ URL without an ssl block (or with it switched off): TLS with the JVM's trusted CAs
        BridgeConfig plain = only("bridges.mqtt.s { server = \"tls+mqtt-tcp://h\" }\n");
        assertThat(plain.tls()).isNull();
        assertThat(plain.servers().get(0).tls()).isTrue();
        assertThat(only("bridges.mqtt.s { server = \"tls+mqtt-tcp://h\", ssl { enable = false, cacertfile = nope } }\n").tls())
                .isNull();
    }

    @Test
    void vinIsReplacedInTheClientIdAndEveryTopic() throws Exception {
        String text = """
                bridges.mqtt.car {
                  server = "mqtt-tcp://127.0.0.1:1883"
                  clientid = "car-${VIN}"
                  forwards = [ { local_topic = "can/#", remote_topic = "fleet/${VIN}/#", prefix = "${VIN}/" } ]
                  subscription = [ { remote_topic = "cmd/${VIN}/+", local_topic = "cmd/+" } ]
                }
                """;
        BridgeConfig b = load(text, Map.of("NANOMQ_VIN", "WVW123")).bridges().mqtt().get(0);
        assertThat(b.clientId()).isEqualTo("car-WVW123");
        assertThat(b.forwards().get(0)).isEqualTo(new BridgeForward("can/#", "fleet/WVW123/#", -1, 2, "WVW123/", ""));
        assertThat(b.subscriptions().get(0).remoteTopic()).isEqualTo("cmd/WVW123/+");
        assertThat(load(text, Map.of("NANOMQ_VIN", "N", "WRENMQ_VIN", "W")).bridges().mqtt().get(0).clientId())
                .as("WRENMQ_VIN wins, as WRENMQ_* variables win over NANOMQ_* ones").isEqualTo("car-W");
        refused(text, "b.conf:3: bridges.mqtt.car.clientid: uses ${VIN} but no VIN is set (set the environment variable WRENMQ_VIN",
                "b.conf:4: bridges.mqtt.car.forwards[0].remote_topic: uses ${VIN} but no VIN is set",
                "b.conf:5: bridges.mqtt.car.subscription[0].remote_topic: uses ${VIN}");
        // the topics are checked with the VIN in them
        assertThatThrownBy(() -> load(text, Map.of("WRENMQ_VIN", "a/+")))
                .hasMessageContaining("bridges.mqtt.car.forwards[0].remote_topic: \"fleet/a/+/#\" has 1 + but local_topic")
                .hasMessageContaining("bridges.mqtt.car.forwards[0].prefix: must not contain + or #");
    }

    @Test
    void twoBridgesWithOneClientIdOnOneBrokerAreRefused() throws Exception {
        refused("""
                bridges.mqtt.a { server = "mqtt-tcp://Broker:1883", clientid = same }
                bridges.mqtt.b {
                  server = "mqtt-tcp://other:1883"
                  clientid = same
                  hybrid_bridging = true
                  hybrid_servers = ["tls+mqtt-tcp://broker:1883"]
                }
                """, "b.conf:4: bridges.mqtt.b.clientid: \"same\" is also the client id of bridges.mqtt.a on broker:1883");
        assertThat(load("""
                bridges.mqtt.a { server = "mqtt-tcp://one:1883", clientid = same }
                bridges.mqtt.b { server = "mqtt-tcp://two:1883", clientid = same }
                bridges.mqtt.c { server = "mqtt-tcp://one:1883" }
                bridges.mqtt.d { server = "mqtt-tcp://one:1883" }
                """).bridges().mqtt()).hasSize(4); // other brokers, or the derived ids (one per bridge)
    }

    @Test
    void unknownKeysAndWrongShapesStopStartUpWithAHint() {
        refused("bridges.mqtt.b {\n " + TCP + "\n keepalive_s = 10s\n}\n",
                "b.conf:3: bridges.mqtt.b.keepalive_s: unknown key (did you mean bridges.mqtt.b.keepalive?)");
        refused("bridges.kafka.b { server = \"x\" }\n", "bridges.kafka: unknown key (valid keys here: mqtt, aws)");
        refused("bridges.mqtt.b = 3\n", "bridges.mqtt.b: wrong type: found number");
        refused("bridges.mqtt.cache { disk_cache_sise = 1 }\n", "bridges.mqtt.cache.disk_cache_sise: unknown key");
    }

    @Test
    void nanomqKeysWithoutEffectGetOneWarningEach() throws Exception {
        List<String> notices = notices("""
                bridges.mqtt.b {
                  server = "mqtt-tcp://127.0.0.1:1883"
                  tcp { nodelay = false, keepalive = true }
                  quic_keepalive = 120s
                  quic_multi_stream = false
                  quic_0rtt = true
                  retry_qos_0 = false
                  subscription = [ { remote_topic = a, stream_id = 1 } ]
                  ssl { cacertfile = "certs/ca.pem" }
                  max_send_queue_len = 100000
                }
                bridges.mqtt.cache { mounted_file_path = "/tmp/" }
                """);
        assertThat(notices).containsExactlyInAnyOrder(
                "b.conf:3: bridges.mqtt.b.tcp is a NanoMQ key that has no effect in WrenMQ; ignored (NanoMQ's socket options"
                        + " (nodelay, keepalive, ...); WrenMQ sets TCP_NODELAY and finds a dead link by the MQTT keepalive)",
                "b.conf:4: bridges.mqtt.b.quic_* is a NanoMQ key that has no effect in WrenMQ; ignored (quic_keepalive,"
                        + " quic_multi_stream: NanoMQ's msquic settings that quiche (Netty's QUIC) has no counterpart for;"
                        + " multi-stream is not supported (docs/quic.md))",
                "b.conf:6: bridges.mqtt.b.quic_*: unused: no server of this bridge is mqtt-quic://",
                "b.conf:7: bridges.mqtt.b.retry_qos_0 is a NanoMQ key that has no effect in WrenMQ; ignored (NanoMQ's switch"
                        + " to cache QoS 0 forwards; WrenMQ's QoS 0 forwards are best effort, QoS 1/2 ones always cached)",
                "b.conf:8: bridges.mqtt.b.subscription[0].stream_id is a NanoMQ key that has no effect in WrenMQ; ignored"
                        + " (NanoMQ's QUIC stream of the subscription; WrenMQ's QUIC bridge uses one stream (quic_multi_stream is"
                        + " not supported))",
                "b.conf:9: bridges.mqtt.b.ssl: unused: the server is plain TCP (mqtt-tcp://); write tls+mqtt-tcp://host:8883"
                        + " to connect with TLS",
                "b.conf:10: bridges.mqtt.b.max_send_queue_len: 100000 is outside what WrenMQ can use; using 65535"
                        + " (allowed range is 1..65535)",
                "b.conf:12: bridges.mqtt.cache.mounted_file_path is a NanoMQ key that has no effect in WrenMQ; ignored"
                        + " (NanoMQ's directory of the cache's SQLite file; WrenMQ keeps the cache in its own store"
                        + " (persistence.path))");
    }

    @Test
    void theCacheBlock() throws Exception {
        assertThat(load("bridges.mqtt.cache { disk_cache_size = 0 }\n").bridges())
                .isEqualTo(new BridgesConfig(List.of(), new BridgeCacheConfig(false, 0, 100, Duration.ofSeconds(5))));
        assertThat(load("bridges.mqtt.cache { resend_interval = 5000, enable = false }\n").bridges().cache())
                .isEqualTo(new BridgeCacheConfig(false, 102_400, 100, Duration.ofSeconds(5)));
        refused("bridges.mqtt.cache = 1\n", "bridges.mqtt.cache: wrong type: found number");
    }

    @Test
    void environmentOverridesReachTheBridgesAndEqualFilesGiveEqualConfigs() throws Exception {
        String text = "bridges.mqtt.b { " + TCP + ", forwards = [ { local_topic = \"a/#\" } ] }\n";
        ServerConfig c = load(text, Map.of("WRENMQ_BRIDGES__MQTT__B__KEEPALIVE", "15s"));
        assertThat(c.bridges().mqtt().get(0).keepAlive()).isEqualTo(Duration.ofSeconds(15));
        // a reload compares BridgesConfig values: the same file must read as an equal value
        assertThat(load(text).bridges()).isEqualTo(load(text).bridges()).isNotSameAs(load(text).bridges());
        assertThatThrownBy(() -> load(text, Map.of("WRENMQ_BRIDGES__MQTT__B__PROTO_VER", "7")))
                .hasMessageContaining("environment variable WRENMQ_BRIDGES__MQTT__B__PROTO_VER: bridges.mqtt.b.proto_ver");
    }

    @Test
    void docsBridgesMdNamesEveryKeyWithItsDefaultAndItsExamplesLoad() throws Exception {
        String docs = Files.readString(ConfigFiles.repoRoot().resolve("docs/bridges.md"));
        String keys = docs.substring(docs.indexOf("## Configuration keys"));
        // bridges.nng.* are the NNG gateway's keys (docs/gateways.md, docs/configuration.md); every bridge key is bridges.mqtt.*
        ConfigFiles.assertDocumentsKeys(keys, "bridges.mqtt.", path -> path.replace(BridgeKeys.B, "").replace("bridges.mqtt.", ""));
        List<String> examples = ConfigFiles.hoconExamples(docs);
        assertThat(examples).as("the two key examples, the Mosquitto and AWS IoT Core presets, transparent bridging, "
                + "the WebHook for link events").hasSize(6);
        assertThat(load(examples.get(0)).bridges().mqtt()).singleElement().satisfies(b -> {
            assertThat(b.forwards()).containsExactly(new BridgeForward("sensors/#", "", -1, 2, "site-3/", ""));
            assertThat(b.connProperties().sessionExpiryInterval()).isEqualTo(86400);
        });
        ServerConfig cloud = load(examples.get(1));
        assertThat(cloud.bridges().mqtt()).singleElement().satisfies(b -> {
            assertThat(b.servers().get(0).tls()).isTrue();
            assertThat(b.password()).isEqualTo("use-a-long-random-password");
        });
        assertThat(cloud.notices()).isEmpty();
        assertThat(load(examples.get(2)).bridges().mqtt()).singleElement().satisfies(b -> {
            assertThat(b.name()).isEqualTo("mosquitto");
            assertThat(b.cleanStart()).isFalse();
            assertThat(b.subscriptions().get(0).localTopic()).isEqualTo("setpoints/#");
        });
        // The AWS preset names its certificate files: they must exist to load (relative to WRENMQ_HOME).
        Path aws = Files.createDirectories(dir.resolve("etc/certs/aws"));
        for (String f : List.of("AmazonRootCA1.pem", "device.pem.crt", "private.pem.key")) {
            Files.writeString(aws.resolve(f), "placeholder");
        }
        assertThat(load(examples.get(3)).bridges().mqtt()).singleElement().satisfies(b -> {
            assertThat(b.servers().get(0).tls()).as("host:8883 means TLS").isTrue();
            assertThat(b.clientId()).isEqualTo("edge-gateway-7");
            assertThat(b.tls().certFile()).isEqualTo(aws.resolve("device.pem.crt"));
            assertThat(b.forwards().get(0)).isEqualTo(new BridgeForward("telemetry/#", "dt/edge-gateway-7/#", 1, 0, "", ""));
        });
        assertThat(load(examples.get(4)).bridges().mqtt()).singleElement()
                .satisfies(b -> assertThat(b.transparent()).isTrue());
        assertThat(load(examples.get(5)).webhooks()).singleElement()
                .satisfies(w -> assertThat(w.rules()).hasSize(2));
    }
}
