package io.wrenmq.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZeroMQ gateway against libzmq, the C implementation NanoMQ's gateway and most ZeroMQ programs use (through
 * Debian's python3-zmq, installed by .ci/run): a peer script (src/test/resources/gateway/zmq_peer.py) publishes with
 * the prefix and receives what MQTT sends, both ways through the broker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZmqLibzmqInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPyzmq() throws Exception {
        boolean present = Files.isExecutable(Path.of(PYTHON));
        if (present) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import zmq").redirectErrorStream(true).start();
            present = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            p.destroyForcibly();
        }
        Assumptions.assumeTrue(present, PYTHON + " has no zmq module: install Debian's python3-zmq (.ci/run does)");
    }

    @Test
    void libzmqPeerToMqttAndBack() throws Exception {
        Path script = dir.resolve("zmq_peer.py");
        try (var in = getClass().getResourceAsStream("/gateway/zmq_peer.py")) {
            Files.copy(in, script);
        }
        Process peer = new ProcessBuilder(PYTHON, script.toString(), "plant", "30").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
                GatewayServer server = startWith(out.readLine())) {
            Mqtt5BlockingClient app = server.client("app");
            try (Mqtt5BlockingClient.Mqtt5Publishes received = app.publishes(MqttGlobalPublishFilter.ALL)) {
                app.subscribeWith().topicFilter("zmq/in").send();
                Optional<Mqtt5Publish> first = received.receive(20, TimeUnit.SECONDS);
                assertThat(first).isPresent();
                assertThat(new String(first.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).startsWith("plant libzmq ");
            }
            CompletableFuture<String> recv = CompletableFuture.supplyAsync(() -> out.lines().filter(l -> !l.startsWith("PORTS"))
                    .findFirst().orElse("EOF"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                app.publishWith().topic("cmd/line1").payload("start".getBytes(StandardCharsets.UTF_8)).send();
                return recv.isDone();
            });
            String line = recv.get();
            assertThat(line).startsWith("RECV ");
            List<String> frames = Stream.of(line.substring(5).split("\\|"))
                    .map(h -> new String(HexFormat.of().parseHex(h), StandardCharsets.UTF_8)).toList();
            assertThat(frames).containsExactly("cmd", "start");
            assertThat(peer.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.exitValue()).isZero();
        } finally {
            peer.destroyForcibly();
        }
    }

    private GatewayServer startWith(String portsLine) throws Exception {
        assertThat(portsLine).startsWith("PORTS ");
        String[] ports = portsLine.split(" ");
        return new GatewayServer(dir, "gateway.mqtt { sub_topic = \"cmd/#\", forward = \"zmq/in\" }\n"
                + "gateway.zmq { sub_address = \"tcp://127.0.0.1:" + ports[1] + "\", pub_address = \"tcp://127.0.0.1:"
                + ports[2] + "\", sub_pre = \"plant\", pub_pre = \"cmd\" }\n");
    }
}
