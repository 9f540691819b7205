package io.wrenmq.server.bridge;

import static io.wrenmq.server.bridge.TestBridges.cache;
import static io.wrenmq.server.bridge.TestBridges.config;
import static io.wrenmq.server.bridge.TestBridges.forward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wrenmq.broker.it.TestBroker;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.webhook.HookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's link going up and down reaches a real WebHook receiver as client_connected / client_disconnected of the
 * client {@code $bridge/<name>}, with the remote server as its address, exactly once per change: not for the forward
 * session's attach and detach before the first connection, once when the remote goes away, once when it is back, and
 * once (reason normal) when the bridge is switched off (issue #13).
 */
@Timeout(90)
class BridgeLinkEventsTest {
    private static final String CLIENT = "$bridge/w";

    @TempDir
    Path dir;

    @Test
    void eachLinkChangeIsOneClientEventForTheWebhooks() throws Exception {
        int port = BridgingServer.freePort();
        TestBroker remote = remoteOn(port);
        try (HookReceiver hook = new HookReceiver();
                BridgingServer local = new BridgingServer(dir, "webhook { url = \"" + hook.url() + "\", pool_size = 1\n"
                        + "events = [ { event = \"on_client_connected\" }, { event = \"on_client_disconnected\" } ] }\n",
                        cache(1000), config("w", port, MqttVersion.V5, List.of(forward("data/#", "")), List.of()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> events(hook, "client_connected").size() == 1);
            JsonNode up = events(hook, "client_connected").get(0);
            assertThat(up.path("ipaddress").asText()).as("the remote server").isEqualTo("127.0.0.1");
            assertThat(up.path("proto_ver").asInt()).isEqualTo(5);
            assertThat(up.path("username").asText()).isEqualTo("undefined");
            assertThat(events(hook, "client_disconnected")).as("no pair for the session's first attach").isEmpty();

            remote.close(); // the link goes down
            await().atMost(Duration.ofSeconds(10)).until(() -> events(hook, "client_disconnected").size() == 1);
            assertThat(events(hook, "client_disconnected").get(0).path("reason").asText()).isEqualTo("closed");

            remote = remoteOn(port); // and comes back
            await().atMost(Duration.ofSeconds(15)).until(() -> events(hook, "client_connected").size() == 2);

            local.ok("POST", "/api/v4/bridges/switch/w", "{\"data\": {\"bridge_switch\": false}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> events(hook, "client_disconnected").size() == 2);
            assertThat(events(hook, "client_disconnected").get(1).path("reason").asText()).isEqualTo("normal");
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                    events(hook, "client_connected").size() == 2 && events(hook, "client_disconnected").size() == 2);
        } finally {
            remote.close();
        }
    }

    private static TestBroker remoteOn(int port) {
        return TestBroker.start(c -> c.tcp("127.0.0.1", port));
    }

    private static List<JsonNode> events(HookReceiver hook, String action) {
        return hook.bodies(action).stream().filter(b -> CLIENT.equals(b.path("clientid").asText())).toList();
    }
}
