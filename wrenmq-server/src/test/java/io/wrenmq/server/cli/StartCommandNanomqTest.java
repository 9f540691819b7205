package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.listener.ListenerConfig.Kind;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.transport.TestPki;
import io.wrenmq.tools.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * `wrenmq start` with NanoMQ's command line and environment, end to end: each --url form makes the listener a real
 * client then connects through; NANOMQ_* variables and NanoMQ's flags without a meaning are logged as one WARN each;
 * bad URLs stop the start with exit code 2 naming the flag.
 */
@Tag("e2e")
@Timeout(90)
class StartCommandNanomqTest {
    private static final String MEMORY = "persistence.type = memory\nsystem.sys_interval = 0s\n";

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() {
        pki = TestPki.create(pkiDir);
    }

    @Test
    void urlReplacesTheFilesTcpListener() throws Exception {
        // The file's listener would fail: its port is held here. Start succeeds only if --url replaced it.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(dir.resolve("nanomq.conf"), "listeners.tcp.bind = \"127.0.0.1:" + taken.getLocalPort() + "\"\n" + MEMORY);
            StartedBroker started = StartedBroker.start(dir, Map.of(), "start", "--conf", "nanomq.conf",
                    "--url", "nmq-tcp://127.0.0.1:0", "-S", "5", "--pid-file", "b.pid");
            try {
                WrenBroker broker = started.broker();
                assertThat(broker.config().listeners()).extracting(ListenerConfig::id).containsExactly("tcp:default");
                assertThat(portOf(broker, Kind.TCP)).isNotEqualTo(taken.getLocalPort());
                connectAndPublish(b -> b.serverPort(portOf(broker, Kind.TCP)));

                // A reload reads the file again under the same flags: the URL's listener and -S stay.
                Files.writeString(dir.resolve("nanomq.conf"), "mqtt.max_inflight_window = 4\n", java.nio.file.StandardOpenOption.APPEND);
                started.reload();
                String report = Files.readString(dir.resolve("b.reload"));
                assertThat(report).contains("applied: mqtt.max_inflight_window").doesNotContain("listeners");
                assertThat(broker.config().maxMqueueLen()).isEqualTo(5);
                connectAndPublish(b -> b.serverPort(portOf(broker, Kind.TCP)));
            } finally {
                assertThat(started.stop().code()).isZero();
            }
        }
    }

    @Test
    void webSocketUrlWithItsPath() throws Exception {
        Files.writeString(dir.resolve("w.conf"), "listeners.tcp.bind = \"127.0.0.1:0\"\n" + MEMORY);
        StartedBroker started = StartedBroker.start(dir, Map.of(), "start", "--conf", "w.conf",
                "--url", "nmq-ws://127.0.0.1:0/nano", "--pid-file", "b.pid");
        try {
            WrenBroker broker = started.broker();
            connectAndPublish(b -> b.serverPort(portOf(broker, Kind.WS)).webSocketConfig().serverPath("nano").applyWebSocketConfig());
        } finally {
            assertThat(started.stop().code()).isZero();
        }
    }

    @Test
    void tlsAndSecureWebSocketUrlsTakeNanomqsCertificateFlags() throws Exception {
        StartedBroker started = StartedBroker.start(dir, Map.of(), "start", "--url", "nmq-tcp://127.0.0.1:0",
                "--url", "tls+nmq-tcp://127.0.0.1:0", "--url", "nmq-wss://127.0.0.1:0/mqtt",
                "--key", pki.file("server-pkcs8.key").toString(), "-E", pki.file("server.crt").toString(),
                "--cacert", pki.file("ca.pem").toString(), "--verify", "--fail",
                "--log_level", "info", "--pid-file", "b.pid");
        try {
            WrenBroker broker = started.broker();
            assertThat(broker.config().listeners()).extracting(ListenerConfig::id)
                    .containsExactly("tcp:default", "ssl:default", "wss:default");
            MqttClientSslConfig mutualTls = MqttClientSslConfig.builder().trustManagerFactory(TestPki.trustManagers(pki.ca))
                    .keyManagerFactory(TestPki.keyManagers(pki.client)).build();
            connectAndPublish(b -> b.serverPort(portOf(broker, Kind.SSL)).sslConfig(mutualTls));
            connectAndPublish(b -> b.serverPort(portOf(broker, Kind.WSS)).sslConfig(mutualTls)
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig());
            // --fail: a client without a certificate is refused.
            MqttClientSslConfig serverOnly = MqttClientSslConfig.builder().trustManagerFactory(TestPki.trustManagers(pki.ca)).build();
            Mqtt5BlockingClient anonymous = client(b -> b.serverPort(portOf(broker, Kind.SSL)).sslConfig(serverOnly));
            org.assertj.core.api.Assertions.assertThatThrownBy(anonymous::connect).isInstanceOf(RuntimeException.class);
        } finally {
            assertThat(started.stop().code()).isZero();
        }
    }

    @Test
    void nanomqVariablesAndFlagsApplyAndTheIgnoredOnesWarnOnceEach() throws Exception {
        Logger startLog = (Logger) LoggerFactory.getLogger(StartCommand.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        startLog.addAppender(seen);
        StartedBroker started = StartedBroker.start(dir, Map.of("NANOMQ_BROKER_URL", "nmq-tcp://127.0.0.1:0",
                        "NANOMQ_MSQ_LEN", "9", "NANOMQ_DAEMON", "true", "NANOMQ_PARALLEL", "8"),
                "start", "-n", "4", "-d", "-D", "3", "--pid-file", "b.pid");
        try {
            WrenBroker broker = started.broker();
            assertThat(broker.config().maxMqueueLen()).isEqualTo(9);
            assertThat(broker.config().retryInterval()).hasSeconds(3);
            connectAndPublish(b -> b.serverPort(broker.port()));
        } finally {
            assertThat(started.stop().code()).isZero();
            startLog.detachAppender(seen);
        }
        List<String> warnings = seen.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
        for (String name : List.of("environment variable NANOMQ_DAEMON ", "environment variable NANOMQ_PARALLEL ",
                "command-line option -n/--parallel ", "command-line option -d/--daemon ")) {
            assertThat(warnings).as(name).filteredOn(w -> w.contains(name)).singleElement()
                    .satisfies(w -> assertThat(w).contains("has no effect in WrenMQ; ignored ("));
        }
        assertThat(warnings).hasSize(4);
    }

    @Test
    void badUrlsAndFlagsStopTheStartWithExitCode2NamingTheFlag() {
        Map<String, String> expected = Map.of(
                "nmq-tcp://127.0.0.1", "--url: missing port in \"nmq-tcp://127.0.0.1\"",
                "mqtt://127.0.0.1:1883", "--url: unknown scheme \"mqtt\"",
                "nmq-ws://127.0.0.1:70000/mqtt", "--url: port out of range: 70000");
        expected.forEach((url, message) -> {
            CliRun r = CliRun.run(dir, "start", "--url", url, "--pid-file", "b.pid");
            assertThat(r.code()).as(url).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(url).contains(message).contains("Try 'wrenmq start --help'");
        });
        CliRun twice = CliRun.run(dir, "start", "--url", "nmq-tcp://127.0.0.1:0", "--url", "nmq-tcp://127.0.0.1:1", "--pid-file", "b.pid");
        assertThat(twice.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("--url: two URLs for the tcp listener");
        CliRun old = CliRun.run(dir, "start", "--old_conf", "nanomq_old.conf", "--pid-file", "b.pid");
        assertThat(old.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(old.err()).contains("--old_conf: NanoMQ's old key = value configuration format is not supported");
        CliRun value = CliRun.run(dir, "start", "--url", "nmq-tcp://127.0.0.1:0", "-S", "many", "--pid-file", "b.pid");
        assertThat(value.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(value.err()).contains("command-line option -S/--msq_len: mqtt.max_mqueue_len: not a whole number");
        CliRun noCertificate = CliRun.run(dir, "start", "--url", "tls+nmq-tcp://127.0.0.1:0", "--url", "nmq-tcp://127.0.0.1:0",
                "--pid-file", "b.pid");
        assertThat(noCertificate.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCertificate.err()).contains("command-line option --url: listeners.ssl.keyfile: missing");
        CliRun noTls = CliRun.run(dir, "start", "--url", "nmq-tcp://127.0.0.1:0", "--cert", "server.crt", "--pid-file", "b.pid");
        assertThat(noTls.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTls.err()).contains("command-line option -E/--cert: needs a TLS listener (add --url tls+nmq-tcp://");
        assertThat(dir.resolve("b.pid")).doesNotExist();
    }

    /** The bound port of the (first enabled) listener of a kind: boundAddresses() follows the enabled listeners' order. */
    static int portOf(WrenBroker broker, Kind kind) {
        List<ListenerConfig> enabled = broker.config().listeners().stream().filter(ListenerConfig::enabled).toList();
        for (int i = 0; i < enabled.size(); i++) {
            if (enabled.get(i).kind() == kind) {
                return broker.boundAddresses().get(i).getPort();
            }
        }
        throw new AssertionError("no " + kind + " listener in " + enabled);
    }

    private static Mqtt5BlockingClient client(UnaryOperator<Mqtt5ClientBuilder> transport) {
        return transport.apply(Mqtt5Client.builder().identifier("nanomq-cli-" + System.nanoTime()).serverHost("127.0.0.1"))
                .buildBlocking();
    }

    private static void connectAndPublish(UnaryOperator<Mqtt5ClientBuilder> transport) {
        Mqtt5BlockingClient c = client(transport);
        assertThat(c.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        try {
            c.publishWith().topic("nanomq/cli").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
        } finally {
            c.disconnect();
        }
    }
}
