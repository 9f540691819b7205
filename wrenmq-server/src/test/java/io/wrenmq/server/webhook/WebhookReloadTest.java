package io.wrenmq.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.cli.StartedBrokerAccess;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebHooks follow the configuration at run time: `wrenmq reload` (SIGHUP) swaps the targets for the file's new
 * ones, and ctrl/restart hands the targets the new engine's events (BrokerRuntime.beforeStart).
 */
@Timeout(60)
class WebhookReloadTest {
    @TempDir
    Path dir;

    private static String conf(HookReceiver target) {
        return "listeners.tcp { bind = \"127.0.0.1:0\" }\npersistence.type = memory\nsystem.sys_interval = 0s\n"
                + "webhook { url = \"" + target.url() + "\", events = [ { event = \"on_client_connected\" } ] }\n";
    }

    private static void connect(WrenBroker broker, String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
        c.connect();
        c.disconnect();
    }

    private static boolean got(HookReceiver r, String clientId) {
        return r.bodies("client_connected").stream().anyMatch(b -> b.path("clientid").asText().equals(clientId));
    }

    @Test
    void aReloadSwapsTheTargetsForTheFilesNewOnes() throws Exception {
        try (HookReceiver a = new HookReceiver(); HookReceiver b = new HookReceiver()) {
            Path file = Files.writeString(dir.resolve("wrenmq.conf"), conf(a));
            StartedBrokerAccess started = StartedBrokerAccess.start(dir, "start", "--conf", file.toString(),
                    "--pid-file", dir.resolve("pid").toString());
            try {
                connect(started.broker(), "before");
                await().atMost(Duration.ofSeconds(10)).until(() -> got(a, "before"));
                Files.writeString(file, conf(b));
                started.reload();
                connect(started.broker(), "after");
                await().atMost(Duration.ofSeconds(10)).until(() -> got(b, "after"));
                assertThat(got(a, "after")).as("the old target is gone after the reload").isFalse();
            } finally {
                started.stop();
            }
        }
    }

    @Test
    void restartRunsTheBeforeStartHooksWithTheNewEngine() throws Exception {
        Path file = Files.writeString(dir.resolve("wrenmq.conf"),
                "listeners.tcp { bind = \"127.0.0.1:0\" }\npersistence.type = memory\nsystem.sys_interval = 0s\n");
        ServerConfig config = ConfigLoader.load(file, Map.of());
        WrenBroker first = new WrenBroker(config.broker());
        first.start();
        BrokerRuntime runtime = new BrokerRuntime(config, first, file, Map.of(), dir);
        List<WrenBroker> seen = new ArrayList<>();
        runtime.beforeStart((next, fresh) -> seen.add(next));
        try {
            runtime.restart();
            assertThat(seen).containsExactly(runtime.broker());
            assertThat(runtime.broker()).isNotSameAs(first);
        } finally {
            runtime.broker().stop();
        }
    }
}
