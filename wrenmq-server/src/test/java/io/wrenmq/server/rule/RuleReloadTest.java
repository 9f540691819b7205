package io.wrenmq.server.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.server.WrenServer;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file's rules follow the file: a hot reload (POST /api/v4/reload) restarts a changed rule and starts a new one,
 * and ctrl/restart brings the rules back on the new engine. A running WrenServer, real MQTT clients.
 */
@Timeout(60)
class RuleReloadTest {
    private static final String PASSWORD = "s3cret-reload";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void aReloadChangesTheFilesRulesAndCtrlRestartKeepsThem() throws Exception {
        Path conf = dir.resolve("wrenmq.conf");
        write(conf, "{ sql = \"SELECT payload FROM \\\"in/#\\\"\", topic = \"out/first\", payload = \"${payload}\" }");
        ServerConfig config = BrokerRuntime.load(conf, Map.of(), ConfigLayer.empty(), dir);
        try (WrenServer server = WrenServer.builder().configFile(conf).env(Map.of()).baseDir(dir).loaded(config).build()) {
            server.start();
            assertThat(republished(server, "a")).isEqualTo("out/first a");

            write(conf, "{ sql = \"SELECT payload FROM \\\"in/#\\\"\", topic = \"out/second\", payload = \"${payload}\" }\n"
                    + "    { id = \"extra\", sql = \"SELECT payload FROM \\\"more/#\\\"\", topic = \"out/more\" }");
            HttpResponse<String> r = post(server, "/api/v4/reload");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("rules.repub-1 (restarted)").contains("rules.extra");
            assertThat(republished(server, "b")).isEqualTo("out/second b");

            assertThat(post(server, "/api/v4/ctrl/restart").statusCode()).isEqualTo(200);
            assertThat(republished(server, "c")).as("the rules run on the restarted engine").isEqualTo("out/second c");
        }
    }

    private static void write(Path conf, String repubRules) throws Exception {
        Files.writeString(conf, "listeners.tcp { bind = \"127.0.0.1:0\" }\npersistence.type = memory\n"
                + "http_server { enable = true, port = 0, password = \"" + PASSWORD + "\" }\n"
                + "rules.repub {\n  rules = [\n    " + repubRules + "\n  ]\n}\n");
    }

    /** Publishes {@code payload} on in/x and returns the topic and payload of what the rules republished. */
    private static String republished(WrenServer server, String payload) throws Exception {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("t-" + payload).serverHost("127.0.0.1")
                .serverPort(server.broker().port()).buildBlocking();
        c.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes got = c.publishes(MqttGlobalPublishFilter.ALL)) {
            c.subscribeWith().topicFilter("out/#").qos(MqttQos.AT_LEAST_ONCE).send();
            c.publishWith().topic("in/x").payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            Mqtt5Publish m = got.receive(10, TimeUnit.SECONDS).orElseThrow();
            return m.getTopic() + " " + new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    private static HttpResponse<String> post(WrenServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort().orElseThrow() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
