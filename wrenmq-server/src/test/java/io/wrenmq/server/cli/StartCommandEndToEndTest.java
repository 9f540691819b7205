package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.WrenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `wrenmq start` end to end, in-process: config file with an ephemeral port, a real MQTT client
 * connects, then the shutdown path (what SIGTERM triggers) stops the broker, removes the PID file and
 * `start` returns 0. Needs a working WrenBroker.start().
 */
@Tag("e2e")
@Timeout(60)
class StartCommandEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void startServesMqttWritesPidFileAndStopsCleanly() throws Exception {
        Files.writeString(dir.resolve("e2e.conf"), """
                listeners.tcp { bind = "127.0.0.1:0" }
                system.node_name = "e2e"
                log { to = [console], level = info }
                """);
        Path pidFile = dir.resolve("run/wrenmq.pid");
        CompletableFuture<Runnable> shutdown = new CompletableFuture<>();
        CompletableFuture<WrenBroker> started = new CompletableFuture<>();
        Lifecycle lifecycle = new Lifecycle() {
            @Override
            public void onShutdown(Runnable stop) {
                shutdown.complete(stop);
            }

            @Override
            public void started(WrenServer server) {
                started.complete(server.broker());
            }
        };
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.run(dir, Map.of(), lifecycle,
                "start", "--conf", "e2e.conf", "--pid-file", pidFile.toString()));

        WrenBroker broker = CompletableFuture.anyOf(started, run).thenApply(x -> started.getNow(null)).get(30, TimeUnit.SECONDS);
        assertThat(broker).as("start returned early: %s", run.getNow(null)).isNotNull();
        int port = broker.port();
        assertThat(port).isPositive();
        assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));

        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("e2e-client")
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        try {
            assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            client.publishWith().topic("e2e/hello").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
        } finally {
            // Only when connected: a failed connect must not be masked by a second exception from here.
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }

        shutdown.get(5, TimeUnit.SECONDS).run();
        CliRun result = run.get(20, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(pidFile).doesNotExist();
    }
}
