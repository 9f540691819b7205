package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.reload.ReloadReport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload through POST /reload and ReloadService; /configuration GET and POST; /ctrl/restart and /ctrl/stop. */
@Timeout(90)
class ReloadApiTest {
    private static final String AUTH = "auth { allow_anonymous = true, password = {include \"pwd.conf\"} }\n";

    @TempDir
    Path dir;

    private Mqtt5BlockingClient connect(ApiFixture api, String id, String user, String password) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(api.mqttPort()).buildBlocking();
        var connect = c.connectWith();
        if (user != null) {
            connect.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        connect.send();
        return c;
    }

    private static Mqtt5ConnAckReasonCode refusal(Runnable connect) {
        try {
            connect.run();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        throw new AssertionError("the connection was accepted");
    }

    private void rewrite(ApiFixture api, String conf) throws Exception {
        Files.writeString(api.confFile, ApiFixture.base() + "http_server { password = \"" + ApiFixture.PASSWORD + "\" }\n" + conf);
    }

    @Test
    void aValidChangeIsAppliedAtOnceAndOtherKeysAreReportedAsNeedingARestart() throws Exception {
        Files.writeString(dir.resolve("pwd.conf"), "\"u1\": \"p1\"\n");
        try (ApiFixture api = ApiFixture.start(dir, AUTH)) {
            connect(api, "before", "u1", "p1").disconnect();
            connect(api, "anon-before", null, null).disconnect();

            Files.writeString(dir.resolve("pwd.conf"), "\"u1\": \"p2\"\n");
            rewrite(api, AUTH.replace("allow_anonymous = true", "allow_anonymous = false")
                    + "mqtt.max_inflight_window = 5\nmqtt.max_qos = 1\nlog.level = debug\nsystem.node_name = \"renamed\"\nbanned = [{clientid = \"evil\"}]\n");
            HttpResponse<String> r = api.post("/api/v4/reload", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode data = ApiFixture.json(r).get("data");
            assertThat(texts(data.get("applied"))).contains("mqtt.max_inflight_window", "auth.allow_anonymous", "log.level", "banned");
            // max_qos was promised in CONNACK to the connected clients: lowering it takes a restart.
            assertThat(texts(data.get("needs_restart"))).containsExactlyInAnyOrder("mqtt.max_qos", "system.node_name");

            assertThat(api.broker().config().maxInflightWindow()).isEqualTo(5);
            assertThat(api.broker().config().maxQos()).isEqualTo(2);
            assertThat(api.broker().config().nodeName()).as("a restart key is not changed").isEqualTo("wrenmq@127.0.0.1");
            assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT")).getLevel().toString()).isEqualTo("DEBUG");
            connect(api, "after", "u1", "p2").disconnect(); // the password list was re-read
            assertThat(refusal(() -> connect(api, "old-password", "u1", "p1"))).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(refusal(() -> connect(api, "anon-after", null, null))).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(refusal(() -> connect(api, "evil", "u1", "p2"))).isEqualTo(Mqtt5ConnAckReasonCode.BANNED);

            // The file's ban goes when the file drops it; a ban added through the API stays.
            api.post("/api/v4/banned", "{\"as\": \"clientid\", \"who\": \"api-ban\"}");
            rewrite(api, AUTH + "mqtt.max_inflight_window = 5\nmqtt.max_qos = 1\n");
            ReloadReport again = api.reload.reload();
            assertThat(again.isRejected()).isFalse();
            assertThat(again.applied()).contains("banned", "log.level");
            assertThat(api.getJson("/api/v4/banned").get("data").findValuesAsText("who")).containsExactly("api-ban");
            connect(api, "evil", "u1", "p2").disconnect();
        } finally {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT")).setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    @Test
    void theAclFileIsReReadOnReload() throws Exception {
        Files.writeString(dir.resolve("acl.conf"), "rules = [{permit = allow}]\n");
        try (ApiFixture api = ApiFixture.start(dir, "auth.acl_file = \"acl.conf\"\n")) {
            Mqtt5BlockingClient c = connect(api, "acl-client", null, null);
            assertThat(c.subscribeWith().topicFilter("secret/a").send().getReasonCodes().get(0).isError()).isFalse();
            Files.writeString(dir.resolve("acl.conf"), "rules = [{permit = deny, action = subscribe, topics = [\"secret/#\"]}, {permit = allow}]\n");
            HttpResponse<String> r = api.post("/api/v4/reload", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(ApiFixture.json(r).get("data").get("notes").toString()).contains("ACL: 2 rules");
            try {
                c.subscribeWith().topicFilter("secret/b").send();
                throw new AssertionError("the subscription was granted");
            } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException e) {
                assertThat(e.getMqttMessage().getReasonCodes().get(0))
                        .isEqualTo(com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            }
            c.disconnect();
        }
    }

    @Test
    void anInvalidFileIsRejectedWholeAndTheRunningConfigurationStays() throws Exception {
        Files.writeString(dir.resolve("pwd.conf"), "\"u1\": \"p1\"\n");
        try (ApiFixture api = ApiFixture.start(dir, AUTH)) {
            rewrite(api, AUTH + "mqtt.max_qos = 7\nmqtt.max_mqueue_len = 5\n");
            HttpResponse<String> r = api.post("/api/v4/reload", null);
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode body = ApiFixture.json(r);
            assertThat(body.get("code").asInt()).isEqualTo(ApiException.PARAMS_HOCON_FORMAT_ILLEGAL);
            assertThat(body.get("errors").get(0).asText()).contains("wrenmq.conf").contains("max_qos");
            assertThat(api.broker().config().maxQos()).isEqualTo(2);
            assertThat(api.broker().config().maxMqueueLen()).as("the valid key of an invalid file is not applied").isEqualTo(1024);

            // A broken password list rejects the reload too: the old passwords keep working.
            rewrite(api, AUTH + "mqtt.max_mqueue_len = 5\n");
            Files.writeString(dir.resolve("pwd.conf"), "\"u1\": \n");
            assertThat(api.post("/api/v4/reload", null).statusCode()).isEqualTo(400);
            assertThat(api.broker().config().maxMqueueLen()).isEqualTo(1024);
            connect(api, "still", "u1", "p1").disconnect();

            // A missing ACL file as well (fail closed: never a half-applied or empty ACL).
            Files.writeString(dir.resolve("pwd.conf"), "\"u1\": \"p1\"\n");
            rewrite(api, AUTH + "auth.acl_file = \"nope.conf\"\n");
            HttpResponse<String> acl = api.post("/api/v4/reload", null);
            assertThat(acl.statusCode()).isEqualTo(400);
            assertThat(acl.body()).contains("nope.conf");
        }
    }

    @Test
    void bridgesAreShownAsWrittenWithTheirPasswordMasked() throws Exception {
        // port 9 (discard): the bridge, once it runs, only tries to connect; this test is about the document
        try (ApiFixture api = ApiFixture.start(dir, "bridges.mqtt.up { server = \"mqtt-tcp://127.0.0.1:9\", password = \"br1dge\" }\n")) {
            JsonNode bridges = api.getJson("/api/v4/configuration/bridges").get("data");
            assertThat(bridges.get("mqtt").get("up").get("server").asText()).isEqualTo("mqtt-tcp://127.0.0.1:9");
            assertThat(bridges.get("mqtt").get("up").get("password").asText()).isEqualTo(ConfigDocument.MASK);
            assertThat(bridges.get("mqtt").has("<name>")).as("the rows of every bridge are no bridge").isFalse();
            assertThat(bridges.toString()).doesNotContain("br1dge");
        }
    }

    @Test
    void configurationIsShownWithSecretsMaskedAndChangedOnlyWhenValid() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            JsonNode all = api.getJson("/api/v4/configuration").get("data");
            assertThat(all.get("http_server").get("password").asText()).isEqualTo(ConfigDocument.MASK);
            assertThat(all.toString()).doesNotContain(ApiFixture.PASSWORD);
            assertThat(all.get("mqtt").get("max_qos").asInt()).isEqualTo(2);
            assertThat(api.getJson("/api/v4/configuration/mqtt").get("data").get("max_mqueue_len").asInt()).isEqualTo(1024);
            assertThat(api.get("/api/v4/configuration/nope").statusCode()).isEqualTo(404);

            String before = Files.readString(api.confFile);
            HttpResponse<String> bad = api.post("/api/v4/configuration", "{\"mqtt\": {\"max_qos\": 9}}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(ApiFixture.json(bad).get("errors").get(0).asText()).contains("max_qos");
            assertThat(ApiFixture.json(bad).get("fields").get("mqtt.max_qos").asText()).isNotBlank().doesNotContain("wrenmq.conf");
            assertThat(api.post("/api/v4/configuration", "{\"mqtt\": {\"no_such_key\": 1}}").statusCode()).isEqualTo(400);
            assertThat(Files.readString(api.confFile)).as("nothing invalid is written").isEqualTo(before);

            HttpResponse<String> ok = api.post("/api/v4/configuration/mqtt", "{\"max_inflight_window\": 1, \"max_mqueue_len\": 10}");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(texts(ApiFixture.json(ok).get("data").get("applied_by_reload"))).containsExactly("mqtt.max_inflight_window", "mqtt.max_mqueue_len");
            HttpResponse<String> restart = api.post("/api/v4/configuration", "{\"system\": {\"node_name\": \"n2\"}}");
            assertThat(texts(ApiFixture.json(restart).get("data").get("needs_restart"))).containsExactly("system.node_name");
            assertThat(api.getJson("/api/v4/configuration/mqtt").get("data").get("max_inflight_window").asInt()).isEqualTo(1);
            assertThat(api.broker().config().maxInflightWindow()).as("written, not applied until a reload").isEqualTo(32);
            assertThat(api.post("/api/v4/reload", null).statusCode()).isEqualTo(200);
            assertThat(api.broker().config().maxInflightWindow()).isEqualTo(1);
            assertThat(api.broker().config().maxMqueueLen()).isEqualTo(10);
            assertThat(api.getJson("/api/v4/reload").get("data").get("mqtt.max_inflight_window").asInt()).isEqualTo(1);
        }
    }

    @Test
    void ctrlRestartStartsANewEngineWithTheFileAndCtrlStopAsksTheProcessToStop() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            WrenBroker first = api.broker();
            rewrite(api, "system.node_name = \"after-restart\"\n");
            HttpResponse<String> r = api.post("/api/v4/ctrl/restart", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(api.broker()).isNotSameAs(first);
            assertThat(api.getJson("/api/v4/brokers").get("data").get(0).get("node_name").asText()).isEqualTo("after-restart");
            connect(api, "after-restart", null, null).disconnect();

            rewrite(api, "mqtt.max_qos = 5\n");
            assertThat(api.post("/api/v4/ctrl/restart", null).statusCode()).isEqualTo(400);
            connect(api, "still-running", null, null).disconnect();

            assertThat(api.stopRequests.get()).isZero();
            HttpResponse<String> stop = api.post("/api/v4/ctrl/stop", null);
            assertThat(stop.statusCode()).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> api.stopRequests.get() == 1);
        }
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
