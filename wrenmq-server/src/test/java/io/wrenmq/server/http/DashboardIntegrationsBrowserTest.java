package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard's Integrations page in Chromium against a real server with a WebHook target, the rule engine and a
 * bridge ({@link RulesServer}): the target's counters (its URL without the password); a rule's counters after a message, switching it off (it then does nothing) and on; a bridge
 * whose remote is not there is connecting, is stopped and started again from the page.
 */
@Timeout(90)
class DashboardIntegrationsBrowserTest {
    private static final String RULE = "{\"rawsql\": \"SELECT payload.temp AS temp FROM \\\"sensors/+\\\" WHERE temp > 20\","
            + " \"actions\": [{\"name\": \"repub\", \"params\": {\"topic\": \"alerts/hot\", \"qos\": 1}}]}";

    @TempDir
    Path dir;

    @Test
    void webhookCountersAndSwitchingARuleAndABridgeOffAndOn() throws Exception {
        DashboardBrowser.assumeInstalled();
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort(); // a remote that refuses: the bridge keeps trying
        }
        // A WebHook receiver that answers 204; the target's URL carries a password, which the page must not show.
        HttpServer hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        String webhook = "webhook { url = \"http://hook:hook-secret@127.0.0.1:" + hooks.getAddress().getPort() + "/hook\","
                + " events = [{ event = \"on_message_publish\", topic = \"sensors/#\" }] }\n";
        try (RulesServer server = new RulesServer(dir, webhook, Map.of(), RuleApiTest.bridge("cloud", nobody));
                DashboardBrowser ui = new DashboardBrowser(dir.resolve("chromium"))) {
            server.ok("POST", "/rules", RULE);
            Mqtt5BlockingClient sensor = server.client("sensor-1");
            Mqtt5BlockingClient watcher = server.client("watcher");
            Mqtt5BlockingClient.Mqtt5Publishes alerts = watcher.publishes(MqttGlobalPublishFilter.ALL);
            watcher.subscribeWith().topicFilter("alerts/#").send();
            publishTemp(sensor, 30);
            assertThat(alerts.receive(10, TimeUnit.SECONDS)).isPresent();

            ui.logIn(URI.create("http://127.0.0.1:" + server.server.httpPort().orElseThrow() + "/"), RulesServer.PASSWORD);
            ui.driver.findElement(By.id("nav-integrations")).click();
            By rule = By.cssSelector("#rules-table tr[data-rule='rule:1']");
            assertThat(ui.visible(rule).getText()).contains("rule:1", "SELECT payload.temp", "on", "repub: 1 ok, 0 failed");
            By bridge = By.cssSelector("#bridges-table tr[data-bridge='cloud']");
            assertThat(ui.visible(bridge).getText()).contains("cloud", "connecting", "mqtt-tcp://127.0.0.1:" + nobody);
            By target = By.cssSelector("#webhooks-table tr[data-webhook='default']");
            ui.wait.until(ExpectedConditions.textToBePresentInElementLocated(target, "running 1 0 0 0 0"));
            assertThat(ui.visible(target).getText()).contains("http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook",
                    "on_message_publish sensors/#");
            assertThat(ui.driver.findElement(By.id("view")).getText()).doesNotContain("hook-secret");
            ui.screenshot("integrations");
            ui.assertFitsAPhone();

            ui.driver.findElement(By.id("rule-switch-rule:1")).click();
            ui.wait.until(ExpectedConditions.textToBe(By.id("rule-switch-rule:1"), "Switch on"));
            assertThat(ui.visible(By.id("flash")).getText()).isEqualTo("Rule rule:1 switched off.");
            assertThat(server.rule("rule:1").path("enabled").asBoolean()).isFalse();
            publishTemp(sensor, 40);
            assertThat(alerts.receive(500, TimeUnit.MILLISECONDS)).as("a rule switched off does nothing").isEmpty();
            ui.driver.findElement(By.id("rule-switch-rule:1")).click();
            ui.wait.until(ExpectedConditions.textToBe(By.id("rule-switch-rule:1"), "Switch off"));
            publishTemp(sensor, 50);
            assertThat(alerts.receive(10, TimeUnit.SECONDS)).as("on again").isPresent();

            ui.driver.findElement(By.id("bridge-switch-cloud")).click();
            ui.wait.until(ExpectedConditions.textToBe(By.id("bridge-switch-cloud"), "Start"));
            assertThat(ui.visible(bridge).getText()).contains("stopped");
            assertThat(bridgeState(server))
                    .isEqualTo("stopped");
            ui.driver.findElement(By.id("bridge-switch-cloud")).click();
            ui.wait.until(ExpectedConditions.textToBe(By.id("bridge-switch-cloud"), "Stop"));
            assertThat(bridgeState(server))
                    .isNotEqualTo("stopped");
            ui.assertNoScriptErrors();
        } finally {
            hooks.stop(0);
        }
    }

    private static String bridgeState(RulesServer server) throws Exception {
        return server.ok("GET", "/bridges/cloud", null).path("data").path("bridge").path("nodes").get(0).path("status")
                .path("state").asText();
    }

    private static void publishTemp(Mqtt5BlockingClient sensor, int temp) {
        sensor.publish(Mqtt5Publish.builder().topic("sensors/a")
                .payload(("{\"temp\": " + temp + "}").getBytes(StandardCharsets.UTF_8)).build());
    }
}
