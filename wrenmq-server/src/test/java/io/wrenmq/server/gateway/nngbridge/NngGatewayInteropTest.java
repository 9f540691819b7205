package io.wrenmq.server.gateway.nngbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.server.gateway.GatewayServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NNG gateway inside the broker against Debian's nngcat (package nng-utils, installed by .ci/run), the C NNG
 * library's own tool: PUB and SUB both ways (the gateway listening, as NanoMQ, and dialing), PAIR1 and PAIR0 both
 * ways, with HiveMQ clients on the MQTT side. SP PUB drops until a subscriber's pipe is up, so the first message of a
 * direction is sent again until one arrives.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NngGatewayInteropTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** nngcat with its output in a file (each message a quoted line with --format quoted); destroyed by close(). */
    private final class NngCat implements AutoCloseable {
        final Process process;
        final Path out;

        NngCat(String... args) throws IOException {
            out = Files.createTempFile(dir, "nngcat", ".out");
            List<String> command = new ArrayList<>(List.of("nngcat"));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("nngcat.err").toFile())).start();
        }

        List<String> lines() throws IOException {
            return Files.readAllLines(out, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    /** MQTT publishes until nngcat has printed a line; returns it. */
    private static String firstLine(NngCat cat, Runnable publish) {
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            publish.run();
            got.addAll(cat.lines());
            return !got.isEmpty();
        });
        return got.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"listen", "dial"})
    void pubSendsMqttMessagesToAnNngSubscriber(String mode) throws Exception {
        String url = "tcp://127.0.0.1:" + freePort();
        boolean gatewayListens = mode.equals("listen");
        // nngcat dials once and gives up when no one listens: the side that listens starts first.
        NngCat listening = gatewayListens ? null : new NngCat("--sub0", "--listen", url, "--subscribe", "plant", "--format", "quoted");
        try (GatewayServer server = new GatewayServer(dir, "bridges.nng.pub.out { pub_url = \"" + url + "\", mode = " + mode
                        + ", forwards = [ { local_topic = \"plant/#\", remote_topic = \"plant\", nng_delimiter = \":\" } ] }\n");
                NngCat cat = gatewayListens ? new NngCat("--sub0", "--dial", url, "--subscribe", "plant", "--format", "quoted") : listening) {
            Mqtt5BlockingClient app = server.client("app");
            String line = firstLine(cat, () -> app.publishWith().topic("plant/line1").payload("21.5".getBytes(StandardCharsets.UTF_8)).send());
            assertThat(line).isEqualTo("\"plant:21.5\"");
            assertThat(server.ok("GET", "/gateways/nng.pub.out", null).at("/data/from_mqtt/forwarded").asLong()).isPositive();
        } finally {
            if (listening != null) {
                listening.close();
            }
        }
    }

    @Test
    void subPublishesNngMessagesIntoMqtt() throws Exception {
        int port = freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (GatewayServer server = new GatewayServer(dir, "bridges.nng.sub.in { sub_url = \"" + url
                + "\", subscription = [ { remote_topic = \"robot\", nng_delimiter = \":\", local_topic = \"robot/state\", qos = 1 } ] }\n")) {
            Mqtt5BlockingClient app = server.client("app");
            try (Mqtt5BlockingClient.Mqtt5Publishes received = app.publishes(MqttGlobalPublishFilter.ALL)) {
                app.subscribeWith().topicFilter("robot/#").send();
                try (NngCat cat = new NngCat("--pub0", "--dial", url, "--data", "robot:ok", "--interval", "1")) {
                    Optional<Mqtt5Publish> p = received.receive(20, TimeUnit.SECONDS);
                    assertThat(p).isPresent();
                    assertThat(p.get().getTopic().toString()).isEqualTo("robot/state");
                    assertThat(text(p.get())).isEqualTo("ok");
                }
            }
            assertThat(server.ok("GET", "/gateways/nng.sub.in", null).at("/data/to_mqtt/forwarded").asLong()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 0})
    void pairBothWays(int version) throws Exception {
        int port = freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (GatewayServer server = new GatewayServer(dir, "bridges.nng.pair.arm { pair_url = \"" + url
                + "\", version = " + version + ", forwards = [ { local_topic = \"arm/cmd\", remote_topic = \"cmd\" } ]"
                + ", subscription = [ { remote_topic = \"state\", local_topic = \"arm/state\" } ] }\n")) {
            Mqtt5BlockingClient app = server.client("app");
            try (Mqtt5BlockingClient.Mqtt5Publishes received = app.publishes(MqttGlobalPublishFilter.ALL);
                    NngCat cat = new NngCat("--pair" + version, "--dial", url, "--data", "state/up", "--interval", "1",
                            "--format", "quoted")) {
                app.subscribeWith().topicFilter("arm/state").send();
                Optional<Mqtt5Publish> p = received.receive(20, TimeUnit.SECONDS);
                assertThat(p).isPresent();
                assertThat(text(p.get())).isEqualTo("up");
                String line = firstLine(cat, () -> app.publishWith().topic("arm/cmd").payload("go".getBytes(StandardCharsets.UTF_8)).send());
                assertThat(line).isEqualTo("\"cmd/go\"");
            }
        }
    }

    @Test
    void aGatewayThatCannotListenStaysStoppedAndTheBrokerRuns() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                GatewayServer server = new GatewayServer(dir, "bridges.nng.pub.busy { pub_url = \"tcp://127.0.0.1:"
                        + taken.getLocalPort() + "\", forwards = [ { local_topic = \"a/#\" } ] }\n")) {
            assertThat(server.ok("GET", "/gateways/nng.pub.busy", null).at("/data/state").asText()).isEqualTo("stopped");
            assertThat(server.send("PUT", "/gateways/nng.pub.busy/switch", "{\"enable\": true}").statusCode()).isEqualTo(503);
            server.client("still-serving").publishWith().topic("a/b").send();
        }
    }
}
