package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.server.http.HttpServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NanoMQ 0.23's NANOMQ_* environment variables: mapped to WrenMQ keys or ignored with one WARN each. */
class NanomqEnvTest {
    /** All 43 variables of NanoMQ 0.23 (NanoNNG include/nng/supplemental/nanolib/env.h). */
    static final List<String> NANOMQ_0_23 = List.of("NANOMQ_BROKER_URL", "NANOMQ_EXCHANGER_URL", "NANOMQ_DAEMON",
            "NANOMQ_TCP_ENABLE", "NANOMQ_MAX_TASKQ_THREAD", "NANOMQ_PARALLEL", "NANOMQ_PROPERTY_SIZE",
            "NANOMQ_MAX_PACKET_SIZE", "NANOMQ_CLIENT_MAX_PACKET_SIZE", "NANOMQ_MSQ_LEN", "NANOMQ_QOS_DURATION",
            "NANOMQ_ALLOW_ANONYMOUS", "NANOMQ_MSG_PERSISTENCE", "NANOMQ_WEBSOCKET_ENABLE", "NANOMQ_WEBSOCKET_URL",
            "NANOMQ_WEBSOCKET_TLS_URL", "NANOMQ_HTTP_SERVER_URL", "NANOMQ_HTTP_SERVER_ENABLE", "NANOMQ_HTTP_SERVER_PORT",
            "NANOMQ_HTTP_SERVER_PARALLEL", "NANOMQ_HTTP_SERVER_USERNAME", "NANOMQ_HTTP_SERVER_PASSWORD",
            "NANOMQ_HTTP_SERVER_AUTH_TYPE", "NANOMQ_HTTP_SERVER_JWT_PUBLIC_KEYFILE", "NANOMQ_HTTP_SERVER_JWT_PRIVATE_KEYFILE",
            "NANOMQ_TLS_ENABLE", "NANOMQ_TLS_URL", "NANOMQ_TLS_CA_CERT_PATH", "NANOMQ_TLS_CERT_PATH", "NANOMQ_TLS_KEY_PATH",
            "NANOMQ_TLS_KEY_PASSWORD", "NANOMQ_TLS_VERIFY_PEER", "NANOMQ_TLS_FAIL_IF_NO_PEER_CERT", "NANOMQ_LOG_LEVEL",
            "NANOMQ_LOG_TO", "NANOMQ_LOG_UDS_ADDR", "NANOMQ_LOG_DIR", "NANOMQ_LOG_FILE", "NANOMQ_LOG_ROTATION_SIZE",
            "NANOMQ_LOG_ROTATION_COUNT", "NANOMQ_CONF_PATH", "NANOMQ_VIN", "NANOMQ_PID_FILE");
    static final List<String> IGNORED = List.of("NANOMQ_EXCHANGER_URL", "NANOMQ_DAEMON", "NANOMQ_MAX_TASKQ_THREAD",
            "NANOMQ_PARALLEL", "NANOMQ_PROPERTY_SIZE", "NANOMQ_CLIENT_MAX_PACKET_SIZE", "NANOMQ_MSG_PERSISTENCE",
            "NANOMQ_HTTP_SERVER_JWT_PRIVATE_KEYFILE", "NANOMQ_LOG_UDS_ADDR");

    @TempDir
    Path dir;

    @Test
    void everyNanomqVariableIsMappedOrIgnoredAndDocumented() throws Exception {
        assertThat(NANOMQ_0_23).hasSize(43);
        String docs = Files.readString(ConfigFiles.repoRoot().resolve("docs/configuration.md"));
        for (String name : NANOMQ_0_23) {
            assertThat(NanomqEnv.variables()).as(name).containsKey(name);
            assertThat(NanomqEnv.variables().get(name).startsWith("ignored")).as(name).isEqualTo(IGNORED.contains(name));
            assertThat(docs).as("docs/configuration.md lists " + name).contains("`" + name + "`");
        }
    }

    @Test
    void mappedVariablesSetTheKeyOfTheSameMeaning() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("NANOMQ_BROKER_URL", "nmq-tcp://0.0.0.0:1999");
        env.put("NANOMQ_TCP_ENABLE", "true");
        env.put("NANOMQ_NUM_TASKQ_THREAD", "3");
        env.put("NANOMQ_MAX_PACKET_SIZE", "2048");
        env.put("NANOMQ_MSQ_LEN", "77");
        env.put("NANOMQ_QOS_DURATION", "7");
        env.put("NANOMQ_ALLOW_ANONYMOUS", "false");
        env.put("NANOMQ_WEBSOCKET_URL", "nmq-ws://127.0.0.1:9083/ws");
        env.put("NANOMQ_HTTP_SERVER_ENABLE", "true");
        env.put("NANOMQ_HTTP_SERVER_URL", "http://127.0.0.2:18081");
        env.put("NANOMQ_HTTP_SERVER_PARALLEL", "5");
        env.put("NANOMQ_HTTP_SERVER_USERNAME", "ops");
        env.put("NANOMQ_HTTP_SERVER_PASSWORD", "s3cret");
        env.put("NANOMQ_HTTP_SERVER_AUTH_TYPE", "JWT");
        env.put("NANOMQ_HTTP_SERVER_JWT_PUBLIC_KEYFILE", "etc/jwt.pem");
        env.put("NANOMQ_LOG_LEVEL", "warn");
        env.put("NANOMQ_LOG_TO", "file|console");
        env.put("NANOMQ_LOG_DIR", "/var/log/broker");
        env.put("NANOMQ_LOG_FILE", "nano.log");
        env.put("NANOMQ_LOG_ROTATION_SIZE", "2MB");
        env.put("NANOMQ_LOG_ROTATION_COUNT", "3");
        env.put("NANOMQ_PID_FILE", "run/broker.pid");
        env.put("NANOMQ_CONF_PATH", "/etc/nanomq.conf"); // read by the commands, not the loader: no notice here
        ServerConfig c = ConfigLoader.load(null, env);

        assertThat(c.notices()).isEmpty();
        assertThat(c.broker().listeners()).extracting(ListenerConfig::id, ListenerConfig::host, ListenerConfig::port,
                ListenerConfig::webSocketPath).containsExactly(tuple("tcp:default", "0.0.0.0", 1999, null),
                tuple("ws:default", "127.0.0.1", 9083, "/ws"));
        assertThat(c.broker().eventLoopThreads()).isEqualTo(3);
        assertThat(c.broker().maxPacketSize()).isEqualTo(2048);
        assertThat(c.broker().maxMqueueLen()).isEqualTo(77);
        assertThat(c.broker().retryInterval()).isEqualTo(Duration.ofSeconds(7)); // NanoMQ's qos_duration is in seconds
        assertThat(c.broker().auth().allowAnonymous()).isFalse();
        HttpServerConfig http = c.httpServer();
        assertThat(http.enable()).isTrue();
        assertThat(http.ipAddr()).isEqualTo("127.0.0.2");
        assertThat(http.port()).isEqualTo(18081);
        assertThat(http.limitConn()).isEqualTo(5);
        assertThat(http.username()).isEqualTo("ops");
        assertThat(http.password()).isEqualTo("s3cret");
        assertThat(http.authType()).isEqualTo(HttpServerConfig.AuthType.JWT);
        assertThat(http.jwtPublicKeyFile()).isEqualTo(Path.of("etc/jwt.pem"));
        assertThat(c.log().level()).isEqualTo("warn");
        assertThat(c.log().to()).containsExactly(LogSettings.Target.FILE, LogSettings.Target.CONSOLE);
        assertThat(c.log().dir()).isEqualTo("/var/log/broker");
        assertThat(c.log().file()).isEqualTo("nano.log");
        assertThat(c.log().rotationSize()).isEqualTo(2L * 1024 * 1024);
        assertThat(c.log().rotationCount()).isEqualTo(3);
        assertThat(c.process().pidFile()).isEqualTo("run/broker.pid");
    }

    @Test
    void httpServerUrlIsAnAddressOrAUrlWithAPort() throws Exception {
        HttpServerConfig plain = ConfigLoader.load(null, Map.of("NANOMQ_HTTP_SERVER_URL", "0.0.0.0")).httpServer();
        assertThat(plain.ipAddr()).isEqualTo("0.0.0.0");
        assertThat(plain.port()).isEqualTo(8081);
        HttpServerConfig v6 = ConfigLoader.load(null, Map.of("NANOMQ_HTTP_SERVER_URL", "http://[::1]:18082/api")).httpServer();
        assertThat(v6.ipAddr()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(18082);
        assertThat(ConfigLoader.load(null, Map.of("NANOMQ_HTTP_SERVER_URL", "::")).httpServer().ipAddr()).isEqualTo("::");
    }

    @Test
    void tlsVariablesMakeTheTlsListenerBesideTheBuiltInTcpOne() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of("NANOMQ_TLS_ENABLE", "true",
                "NANOMQ_TLS_KEY_PATH", "/certs/key.pem", "NANOMQ_TLS_CERT_PATH", "/certs/cert.pem",
                "NANOMQ_TLS_CA_CERT_PATH", "/certs/ca.pem", "NANOMQ_TLS_KEY_PASSWORD", "pw",
                "NANOMQ_TLS_VERIFY_PEER", "true", "NANOMQ_TLS_FAIL_IF_NO_PEER_CERT", "true"));
        assertThat(c.notices()).isEmpty();
        assertThat(c.broker().listeners()).extracting(ListenerConfig::id, ListenerConfig::host, ListenerConfig::port)
                .containsExactly(tuple("tcp:default", "127.0.0.1", 1883), tuple("ssl:default", "127.0.0.1", 8883));
        var tls = c.broker().listeners().get(1).tls();
        assertThat(tls.keyfile()).isEqualTo(Path.of("/certs/key.pem"));
        assertThat(tls.certfile()).isEqualTo(Path.of("/certs/cert.pem"));
        assertThat(tls.cacertfile()).isEqualTo(Path.of("/certs/ca.pem"));
        assertThat(tls.keyPassword()).isEqualTo("pw");
        assertThat(tls.verifyPeer()).isTrue();
        assertThat(tls.failIfNoPeerCert()).isTrue();

        ServerConfig url = ConfigLoader.load(null, Map.of("NANOMQ_TLS_URL", "tls+nmq-tcp://0.0.0.0:18883",
                "NANOMQ_TLS_KEY_PATH", "/certs/key.pem", "NANOMQ_TLS_CERT_PATH", "/certs/cert.pem"));
        assertThat(url.broker().listeners()).extracting(ListenerConfig::id, ListenerConfig::port)
                .containsExactly(tuple("tcp:default", 1883), tuple("ssl:default", 18883));
    }

    @Test
    void aSwitchedOffListenerThatIsNotThereIsNoError() throws Exception {
        ServerConfig none = ConfigLoader.load(null, Map.of("NANOMQ_WEBSOCKET_ENABLE", "false", "NANOMQ_TLS_ENABLE", "false"));
        assertThat(none.notices()).isEmpty();
        assertThat(none.broker().listeners()).extracting(ListenerConfig::id).containsExactly("tcp:default");

        Path f = ConfigFiles.write(dir, "ws.conf", "listeners { tcp.bind = \"127.0.0.1:1883\", ws.bind = \"127.0.0.1:8083/mqtt\" }\n");
        assertThat(ConfigLoader.load(f, Map.of("NANOMQ_WEBSOCKET_ENABLE", "false")).broker().listeners())
                .extracting(ListenerConfig::id, ListenerConfig::enabled)
                .containsExactly(tuple("tcp:default", true), tuple("ws:default", false));
    }

    @Test
    void nanomqVinIsTakenByTheBridgesWithoutAWarning() throws Exception {
        // what it does to a bridge's topics is in BridgeConfigTest; here: known, documented, and not "ignored"
        assertThat(ConfigLoader.load(null, Map.of("NANOMQ_VIN", "VIN1")).notices()).isEmpty();
        assertThat(NanomqEnv.variables().get("NANOMQ_VIN")).contains("${VIN}").contains("WRENMQ_VIN");
    }

    @Test
    void ignoredVariablesGetOneWarnEach() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String name : IGNORED) {
            env.put(name, "1");
        }
        ServerConfig c = ConfigLoader.load(null, env);
        assertThat(c.notices()).hasSize(IGNORED.size())
                .allSatisfy(n -> assertThat(n.level()).isEqualTo(ConfigKey.IgnoredLevel.WARN));
        for (String name : IGNORED) {
            assertThat(c.notices()).as(name).filteredOn(n -> n.message().contains(name + " ")).singleElement()
                    .satisfies(n -> assertThat(n.message()).contains("environment variable " + name + " has no effect in WrenMQ; ignored ("));
        }
    }

    @Test
    void unknownVariablesUnsupportedLogDestinationsAndTlsWithoutListenerAreWarnedAbout() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of("NANOMQ_LOG_LEVL", "debug", "NANOMQ_LOG_TO", "uds|syslog|console",
                "NANOMQ_TLS_CERT_PATH", "/certs/cert.pem"));
        assertThat(c.notices()).extracting(ServerConfig.Notice::message).containsExactlyInAnyOrder(
                "environment variable NANOMQ_LOG_LEVL is not a NanoMQ 0.23 variable WrenMQ knows; ignored (did you mean NANOMQ_LOG_LEVEL?)",
                "environment variable NANOMQ_LOG_TO: log destination uds is not supported; ignored (Java cannot open a Unix"
                        + " datagram socket such as /dev/log; use log.to = [syslog] with a syslog server listening on UDP (log.syslog))",
                "environment variable NANOMQ_TLS_CERT_PATH: has no effect: there is no TLS listener (set NANOMQ_TLS_ENABLE=true"
                        + " or NANOMQ_TLS_URL, or add listeners.ssl to the file)");
        assertThat(c.log().to()).containsExactly(LogSettings.Target.SYSLOG, LogSettings.Target.CONSOLE);
        assertThat(c.log().level()).isEqualTo("info");
        assertThat(c.broker().listeners()).extracting(ListenerConfig::id).containsExactly("tcp:default");
    }

    @Test
    void badValuesGetTheKeysErrorNamingTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("NANOMQ_MSQ_LEN", "lots", "NANOMQ_TCP_ENABLE", "maybe",
                "NANOMQ_TLS_URL", "nmq-tcp://0.0.0.0:8883", "NANOMQ_BROKER_URL", "nmq-tcp://0.0.0.0",
                "NANOMQ_HTTP_SERVER_AUTH_TYPE", "digest")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("environment variable NANOMQ_MSQ_LEN: mqtt.max_mqueue_len: ")
                .hasMessageContaining("environment variable NANOMQ_TCP_ENABLE: listeners.tcp.enable: not a boolean")
                .hasMessageContaining("environment variable NANOMQ_TLS_URL: nmq-tcp:// is not a URL for NANOMQ_TLS_URL (use tls+nmq-tcp:// here)")
                .hasMessageContaining("environment variable NANOMQ_BROKER_URL: missing port in \"nmq-tcp://0.0.0.0\"")
                .hasMessageContaining("environment variable NANOMQ_HTTP_SERVER_AUTH_TYPE: http_server.auth_type: unknown value");
    }

    @Test
    void precedenceIsWrenmqOverNanomqOverTheFile() throws Exception {
        Path f = ConfigFiles.write(dir, "p.conf", "mqtt { max_mqueue_len = 1, max_inflight_window = 1 }\n"
                + "listeners.tcp.bind = \"127.0.0.1:1001\"\n");
        Map<String, String> env = new HashMap<>(Map.of("NANOMQ_MSQ_LEN", "2", "NANOMQ_BROKER_URL", "nmq-tcp://127.0.0.1:1002"));
        ServerConfig nanomq = ConfigLoader.load(f, env);
        assertThat(nanomq.broker().maxMqueueLen()).isEqualTo(2);
        assertThat(nanomq.broker().maxInflightWindow()).isEqualTo(1);
        assertThat(nanomq.broker().listeners()).singleElement().satisfies(l -> assertThat(l.port()).isEqualTo(1002));

        env.put("WRENMQ_MQTT__MAX_MQUEUE_LEN", "3");
        env.put("WRENMQ_LISTENERS__TCP__BIND", "127.0.0.1:1003");
        ServerConfig wrenmq = ConfigLoader.load(f, env);
        assertThat(wrenmq.broker().maxMqueueLen()).isEqualTo(3);
        assertThat(wrenmq.broker().listeners()).singleElement().satisfies(l -> assertThat(l.port()).isEqualTo(1003));

        ConfigLayer commandLine = ConfigLayer.empty().set("mqtt.max_mqueue_len", "4", "command-line option -S/--msq_len");
        assertThat(ConfigLoader.load(f, env, commandLine).broker().maxMqueueLen()).isEqualTo(4);
        assertThatThrownBy(() -> ConfigLoader.load(f, env, ConfigLayer.empty().set("mqtt.max_mqueue_len", "x",
                "command-line option -S/--msq_len"))).hasMessageContaining("command-line option -S/--msq_len: mqtt.max_mqueue_len:");
    }
}
