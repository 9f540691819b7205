package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.sun.net.httpserver.HttpServer;
import io.wrenmq.broker.it.TestBroker;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeForward;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.RuleSpec;
import io.wrenmq.server.rule.RulesConfig;
import io.wrenmq.server.rule.action.BatchSettings;
import io.wrenmq.server.rule.action.DatabaseConfig;
import io.wrenmq.server.rule.action.SqlDialect;
import io.wrenmq.server.rule.sql.RuleSql;
import io.wrenmq.server.rule.sql.RuleSqlException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v4/rules} (issue #14) against a running WrenServer with its rule engine, real HTTP requests and real
 * MQTT clients (HiveMQ): a rule made through REST acts on what clients publish (republished here or to another broker,
 * written to SQLite, POSTed to an HTTP receiver, forwarded over a bridge), GET shows its settings with secrets masked
 * and its counters, PUT changes it, DELETE removes it, and /rules/test runs a statement on a sample message.
 */
@Timeout(90)
class RuleApiTest {
    private static final String HOT = "{\"rawsql\": \"SELECT payload.temp AS temp, clientid FROM \\\"sensors/+\\\""
            + " WHERE temp > 20\", \"actions\": [{\"name\": \"repub\", \"params\": {\"topic\": \"alerts/${clientid}\","
            + " \"qos\": 1}}], \"description\": \"hot sensors\"}";

    @TempDir
    Path dir;

    /**
     * NanoMQ's repub through REST: POST without an id gets "rule:1", the rule republishes its row as JSON in this
     * broker, GET counts what it matched, passed and published; PUT with only actions keeps the statement and
     * description and starts the counters again; PUT enabled = false stops it; DELETE removes it (404 afterwards).
     */
    @Test
    void aRepubRuleIsCreatedCountedChangedDisabledAndDeleted() throws Exception {
        try (RulesServer s = new RulesServer(dir, "", Map.of())) {
            Mqtt5BlockingClient watcher = s.client("watcher");
            try (Mqtt5BlockingClient.Mqtt5Publishes got = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter("alerts/#").qos(MqttQos.AT_LEAST_ONCE).send();
                JsonNode created = s.ok("POST", "/rules", HOT);
                assertThat(created.path("code").asInt()).isZero();
                JsonNode rule = created.path("data");
                assertThat(rule.path("id").asText()).isEqualTo("rule:1");
                assertThat(rule.path("rawsql").asText()).contains("WHERE temp > 20");
                assertThat(rule.path("description").asText()).isEqualTo("hot sensors");
                assertThat(rule.path("enabled").asBoolean()).isTrue();
                assertThat(rule.path("origin").asText()).isEqualTo("api");
                assertThat(rule.path("topics").get(0).asText()).isEqualTo("sensors/+");
                JsonNode action = rule.path("actions").get(0);
                assertThat(action.path("name").asText()).isEqualTo("repub");
                assertThat(action.path("id").asText()).isEqualTo("repub:alerts/${clientid}");
                assertThat(action.path("params").path("topic").asText()).isEqualTo("alerts/${clientid}");
                assertThat(action.path("params").path("qos").asInt()).isEqualTo(1);
                assertThat(action.path("params").path("server").asText()).as("this broker").isEmpty();

                Mqtt5BlockingClient sensor = s.client("sensor-1");
                publish(sensor, "sensors/a", "{\"temp\": 25}");
                publish(sensor, "sensors/a", "{\"temp\": 10}");
                Mqtt5Publish m = got.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(m.getTopic().toString()).isEqualTo("alerts/sensor-1");
                assertThat(text(m)).isEqualTo("{\"temp\":25,\"clientid\":\"sensor-1\"}");
                assertThat(m.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    JsonNode r = s.rule("rule:1");
                    assertThat(r.path("metrics").path("matched").asLong()).isEqualTo(2);
                    assertThat(r.path("metrics").path("passed").asLong()).isEqualTo(1);
                    assertThat(r.path("metrics").path("no_result").asLong()).isEqualTo(1);
                    assertThat(r.path("metrics").path("failed").asLong()).isZero();
                    assertThat(r.path("actions").get(0).path("metrics").path("success").asLong()).isEqualTo(1);
                });
                JsonNode list = s.ok("GET", "/rules", null);
                assertThat(list.path("data")).hasSize(1);
                assertThat(list.path("data").get(0).path("id").asText()).isEqualTo("rule:1");

                JsonNode changed = s.ok("PUT", "/rules/rule:1", "{\"actions\": [{\"name\": \"repub\", \"params\":"
                        + " {\"topic\": \"alerts/hot/${clientid}\"}}]}").path("data");
                assertThat(changed.path("rawsql").asText()).as("kept").isEqualTo(rule.path("rawsql").asText());
                assertThat(changed.path("description").asText()).as("kept").isEqualTo("hot sensors");
                assertThat(changed.path("actions").get(0).path("params").path("topic").asText())
                        .isEqualTo("alerts/hot/${clientid}");
                assertThat(changed.path("metrics").path("matched").asLong()).as("a new rule's counters").isZero();
                publish(sensor, "sensors/b", "{\"temp\": 30}");
                assertThat(got.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                        .isEqualTo("alerts/hot/sensor-1");

                JsonNode off = s.ok("PUT", "/rules/rule:1", "{\"enabled\": false}").path("data");
                assertThat(off.path("enabled").asBoolean()).isFalse();
                assertThat(off.path("actions").get(0).path("params").path("topic").asText()).as("actions kept")
                        .isEqualTo("alerts/hot/${clientid}");
                publish(sensor, "sensors/b", "{\"temp\": 40}");
                assertThat(got.receive(500, TimeUnit.MILLISECONDS)).as("a disabled rule does nothing").isEmpty();
                assertThat(s.rule("rule:1").path("metrics").path("matched").asLong()).isZero();

                JsonNode deleted = s.ok("DELETE", "/rules/rule:1", null);
                assertThat(deleted.path("code").asInt()).isZero();
                HttpResponse<String> gone = s.send("GET", "/rules/rule:1", null);
                assertThat(gone.statusCode()).isEqualTo(404);
                assertThat(Json.MAPPER.readTree(gone.body()).path("message").asText()).isEqualTo("no rule rule:1 (there are none)");
                assertThat(s.ok("GET", "/rules", null).path("data")).isEmpty();
                assertThat(s.ok("POST", "/rules", HOT).path("data").path("id").asText()).as("ids are not reused")
                        .isEqualTo("rule:2");
            }
        }
    }

    /**
     * A sqlite action names no database (the one rules.sqlite file) and takes the batch keys; a postgresql action
     * names its block (or the kind's only block), which it shares with the file's rules; an id that is taken is a
     * 409.
     */
    @Test
    void tableActionsWriteToTheConfiguredDatabases() throws Exception {
        Path db = dir.resolve("rules.db");
        int deadPort = freePort();
        Map<String, DatabaseConfig> databases = Map.of("sqlite", DatabaseConfig.sqlite("sqlite", db),
                "postgresql.main", DatabaseConfig.server(SqlDialect.POSTGRESQL, "main", "127.0.0.1", deadPort, "edge",
                        "pg-secret", null));
        try (RulesServer s = new RulesServer(dir, "", databases)) {
            JsonNode rule = s.ok("POST", "/rules", "{\"id\": \"log-temp\", \"rawsql\": \"SELECT payload.temp AS temp,"
                    + " clientid FROM \\\"sensors/#\\\"\", \"actions\": [{\"name\": \"sqlite\", \"params\": {\"table\":"
                    + " \"readings\", \"batch_size\": 1, \"retry_interval\": 50}}]}").path("data");
            assertThat(rule.path("id").asText()).isEqualTo("log-temp");
            JsonNode params = rule.path("actions").get(0).path("params");
            assertThat(params.has("database")).isFalse();
            assertThat(params.path("table").asText()).isEqualTo("readings");
            assertThat(params.path("create_table").asBoolean()).isTrue();
            assertThat(params.path("time_column").asText()).isEqualTo("inserted_at");
            assertThat(params.path("queue_size").asInt()).isEqualTo(10_000);
            assertThat(params.path("batch_size").asInt()).isEqualTo(1);
            assertThat(params.path("retry_interval").asLong()).isEqualTo(50);
            assertThat(params.path("max_retry_interval").asLong()).isEqualTo(30_000);
            assertThat(rule.path("actions").get(0).path("id").asText()).isEqualTo("sqlite:readings");

            Mqtt5BlockingClient sensor = s.client("sensor-7");
            publish(sensor, "sensors/a", "{\"temp\": 21.5}");
            publish(sensor, "sensors/b/c", "{\"temp\": 19}");
            await().atMost(Duration.ofSeconds(10)).until(() -> rows(db, "SELECT count(*) FROM readings") == 2);
            assertThat(rows(db, "SELECT count(*) FROM readings WHERE clientid = 'sensor-7' AND temp = 21.5")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> s.rule("log-temp").path("actions").get(0).path("metrics")
                    .path("success").asLong() == 2);

            HttpResponse<String> taken = s.send("POST", "/rules", "{\"id\": \"log-temp\", \"rawsql\": \"SELECT * FROM"
                    + " \\\"x\\\"\"}");
            assertThat(taken.statusCode()).isEqualTo(409);
            assertThat(Json.MAPPER.readTree(taken.body()).path("message").asText())
                    .isEqualTo("id: a rule log-temp exists already (PUT /api/v4/rules/log-temp changes it)");

            // The kind's only block is taken without "database"; its connection (and password) stay the block's.
            JsonNode pg = s.ok("POST", "/rules", "{\"rawsql\": \"SELECT * FROM \\\"pg/#\\\"\", \"actions\": [{\"name\":"
                    + " \"postgresql\", \"params\": {\"table\": \"Events\", \"create_table\": false}}]}").path("data");
            assertThat(pg.path("actions").get(0).path("params").path("database").asText()).isEqualTo("main");
            assertThat(pg.path("actions").get(0).path("params").path("create_table").asBoolean()).isFalse();
            assertThat(pg.path("actions").get(0).path("id").asText()).isEqualTo("postgresql.main:Events");
            JsonNode named = s.ok("POST", "/rules", "{\"rawsql\": \"SELECT * FROM \\\"pg/#\\\"\", \"actions\": [{\"name\":"
                    + " \"postgresql\", \"params\": {\"table\": \"t2\", \"database\": \"main\"}}]}").path("data");
            assertThat(named.path("actions").get(0).path("name").asText()).isEqualTo("postgresql");
            assertThat(s.send("GET", "/rules", null).body()).doesNotContain("pg-secret");
        }
    }

    /**
     * repub to another broker (NanoMQ's server and connection keys): the rows arrive there with the given credentials;
     * GET masks the password, and the GET answer PUT back (password still masked) keeps it.
     */
    @Test
    void repubToAnotherBrokerKeepsItsPasswordMaskedAcrossAPutOfTheGetAnswer() throws Exception {
        try (TestBroker remote = TestBroker.start(c -> c.auth().allowAnonymous(false)
                .plaintextPasswords(Map.of("edge", "repub-pw", "cloud", "cloud-pw"), "test"));
                RulesServer s = new RulesServer(dir, "", Map.of())) {
            Mqtt5BlockingClient cloud = Mqtt5Client.builder().identifier("cloud").serverHost("127.0.0.1")
                    .serverPort(remote.port()).simpleAuth().username("cloud")
                    .password("cloud-pw".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
            cloud.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes got = cloud.publishes(MqttGlobalPublishFilter.ALL)) {
                cloud.subscribeWith().topicFilter("up/#").qos(MqttQos.AT_LEAST_ONCE).send();
                JsonNode rule = s.ok("POST", "/rules", "{\"id\": \"up\", \"rawsql\": \"SELECT payload FROM \\\"data/#\\\"\","
                        + " \"actions\": [{\"name\": \"repub\", \"params\": {\"topic\": \"up/1\", \"qos\": 1, \"address\":"
                        + " \"mqtt-tcp://127.0.0.1:" + remote.port() + "\", \"proto_ver\": 5, \"username\": \"edge\","
                        + " \"password\": \"repub-pw\", \"keepalive\": 30}}]}").path("data");
                JsonNode params = rule.path("actions").get(0).path("params");
                assertThat(params.path("server").asText()).isEqualTo("mqtt-tcp://127.0.0.1:" + remote.port());
                assertThat(params.path("proto_ver").asInt()).isEqualTo(5);
                assertThat(params.path("keepalive").asInt()).isEqualTo(30);
                assertThat(params.path("clean_start").asBoolean()).isTrue();
                assertThat(params.path("clientid").asText()).as("derived").isEqualTo("edge_127_0_0_1-repub-up");
                assertThat(params.path("username").asText()).isEqualTo("edge");
                assertThat(params.path("password").asText()).isEqualTo("******");
                assertThat(s.send("GET", "/rules", null).body()).doesNotContain("repub-pw");

                Mqtt5BlockingClient pub = s.client("pub");
                publish(pub, "data/1", "one");
                assertThat(text(got.receive(10, TimeUnit.SECONDS).orElseThrow())).isEqualTo("{\"payload\":\"one\"}");

                ObjectNode back = (ObjectNode) s.rule("up");
                ((ObjectNode) back.path("actions").get(0).path("params")).put("topic", "up/2");
                JsonNode changed = s.ok("PUT", "/rules/up", Json.MAPPER.writeValueAsString(back)).path("data");
                assertThat(changed.path("actions").get(0).path("params").path("topic").asText()).isEqualTo("up/2");
                publish(pub, "data/2", "two");
                Mqtt5Publish m = got.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(m.getTopic().toString()).as("connected with the kept password").isEqualTo("up/2");
                assertThat(text(m)).isEqualTo("{\"payload\":\"two\"}");
            }
            cloud.disconnect();
        }
    }

    /**
     * The file's rules are listed first, with their settings (origin "file"); a PUT of one makes it the API's, and
     * DELETE removes it like any other.
     */
    @Test
    void theFilesRulesAreListedWithTheirSettingsAndCanBeChanged() throws Exception {
        RuleSpec fileRule = new RuleSpec("repub-1", "SELECT topic, payload FROM \"abc\"", "NanoMQ's example", true,
                List.of(new ActionSpec.Republish("topic/repub1", 0, false, null, null, BatchSettings.DEFAULTS)));
        try (RulesServer s = new RulesServer(dir, "", new RulesConfig(Map.of(), List.of(fileRule)))) {
            s.ok("POST", "/rules", HOT);
            JsonNode list = s.ok("GET", "/rules", null).path("data");
            assertThat(list).hasSize(2);
            JsonNode file = list.get(0);
            assertThat(file.path("id").asText()).isEqualTo("repub-1");
            assertThat(file.path("origin").asText()).isEqualTo("file");
            assertThat(file.path("description").asText()).isEqualTo("NanoMQ's example");
            assertThat(file.path("actions").get(0).path("params").path("topic").asText()).isEqualTo("topic/repub1");
            assertThat(list.get(1).path("id").asText()).isEqualTo("rule:1");

            JsonNode changed = s.ok("PUT", "/rules/repub-1", "{\"description\": \"changed here\"}").path("data");
            assertThat(changed.path("origin").asText()).isEqualTo("api");
            assertThat(changed.path("description").asText()).isEqualTo("changed here");
            assertThat(changed.path("actions").get(0).path("params").path("topic").asText()).as("kept")
                    .isEqualTo("topic/repub1");
            s.ok("DELETE", "/rules/repub-1", null);
            assertThat(s.ok("GET", "/rules", null).path("data")).hasSize(1);
        }
    }

    /** Our http action: rows POSTed with the body template and headers; GET masks the credential header and URL. */
    @Test
    void anHttpActionPostsRowsAndItsCredentialsAreMasked() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/rows", ex -> {
            received.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try (RulesServer s = new RulesServer(dir, "", Map.of())) {
            String url = "http://ingest:url-pw@127.0.0.1:" + receiver.getAddress().getPort() + "/rows";
            JsonNode rule = s.ok("POST", "/rules", "{\"id\": \"to-http\", \"rawsql\": \"SELECT payload.v AS v, topic FROM"
                    + " \\\"m/#\\\"\", \"actions\": [{\"name\": \"http\", \"params\": {\"url\": \"" + url + "\", \"method\":"
                    + " \"PUT\", \"headers\": {\"Authorization\": \"Bearer tok-123\", \"X-Site\": \"plant-3\"}, \"body\":"
                    + " \"{\\\"value\\\": ${v}, \\\"from\\\": \\\"${topic}\\\"}\", \"timeout\": 2000}}]}").path("data");
            JsonNode params = rule.path("actions").get(0).path("params");
            assertThat(params.path("url").asText()).isEqualTo("http://ingest:******@127.0.0.1:"
                    + receiver.getAddress().getPort() + "/rows");
            assertThat(params.path("headers").path("Authorization").asText()).isEqualTo("******");
            assertThat(params.path("headers").path("X-Site").asText()).isEqualTo("plant-3");
            assertThat(params.path("method").asText()).isEqualTo("PUT");
            assertThat(params.path("timeout").asLong()).isEqualTo(2000);
            assertThat(params.path("batch").asBoolean()).isFalse();
            String all = s.send("GET", "/rules", null).body();
            assertThat(all).doesNotContain("tok-123").doesNotContain("url-pw");

            publish(s.client("m"), "m/1", "{\"v\": 7}");
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("PUT Bearer tok-123 {\"value\": 7, \"from\": \"m/1\"}");
        } finally {
            receiver.stop(0);
        }
    }

    /** Our bridge action: rows published on the bridge's remote broker over its link. */
    @Test
    void aBridgeActionPublishesOnTheBridgesRemote() throws Exception {
        try (TestBroker remote = TestBroker.start();
                RulesServer s = new RulesServer(dir, "", Map.of(), bridge("cloud", remote.port()))) {
            Mqtt5BlockingClient cloud = Mqtt5Client.builder().identifier("cloud").serverHost("127.0.0.1")
                    .serverPort(remote.port()).buildBlocking();
            cloud.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes got = cloud.publishes(MqttGlobalPublishFilter.ALL)) {
                cloud.subscribeWith().topicFilter("edge/#").qos(MqttQos.AT_LEAST_ONCE).send();
                JsonNode rule = s.ok("POST", "/rules", "{\"rawsql\": \"SELECT clientid, payload FROM \\\"local/#\\\"\","
                        + " \"actions\": [{\"name\": \"bridge\", \"params\": {\"bridge\": \"cloud\", \"topic\":"
                        + " \"edge/${clientid}\", \"qos\": 1, \"payload\": \"${payload}\"}}]}").path("data");
                assertThat(rule.path("actions").get(0).path("id").asText()).isEqualTo("bridge.cloud:edge/${clientid}");
                assertThat(rule.path("actions").get(0).path("params").path("bridge").asText()).isEqualTo("cloud");
                publish(s.client("dev-1"), "local/x", "hello");
                Mqtt5Publish m = got.receive(15, TimeUnit.SECONDS).orElseThrow();
                assertThat(m.getTopic().toString()).isEqualTo("edge/dev-1");
                assertThat(text(m)).isEqualTo("hello");
            }
            cloud.disconnect();
        }
    }

    /**
     * POST /rules/test: the rows of a statement for a sample message (several with FOREACH, none when WHERE is false
     * or the topic is not in FROM), a statement that does not parse is a 400 with its line and column, one that fails
     * on the sample a 400 with the reason.
     */
    @Test
    void theTestEndpointRunsAStatementOnASampleMessage() throws Exception {
        try (RulesServer s = new RulesServer(dir, "", Map.of())) {
            String context = "\"context\": {\"topic\": \"s/1\", \"payload\": {\"temp\": 5, \"list\": [{\"v\": 1},"
                    + " {\"v\": 2}]}, \"clientid\": \"c1\", \"username\": \"u\", \"peerhost\": \"10.0.0.9\", \"qos\": 1,"
                    + " \"retain\": true, \"user_properties\": {\"site\": \"p3\"}, \"timestamp\": 1700000000000}";
            JsonNode rows = s.ok("POST", "/rules/test", "{\"rawsql\": \"SELECT payload.temp AS t, clientid, username,"
                    + " peerhost, qos, retain, timestamp, user_properties.site AS site FROM \\\"s/#\\\" WHERE t > 1\", "
                    + context + "}").path("data");
            assertThat(rows).hasSize(1);
            assertThat(Json.MAPPER.writeValueAsString(rows.get(0))).isEqualTo("{\"t\":5,\"clientid\":\"c1\",\"username\":"
                    + "\"u\",\"peerhost\":\"10.0.0.9\",\"qos\":1,\"retain\":true,\"timestamp\":1700000000000,\"site\":\"p3\"}");
            JsonNode each = s.ok("POST", "/rules/test", "{\"rawsql\": \"FOREACH payload.list DO item.v AS v FROM"
                    + " \\\"s/#\\\"\", " + context + "}").path("data");
            assertThat(each.toString()).isEqualTo("[{\"v\":1},{\"v\":2}]");
            assertThat(s.ok("POST", "/rules/test", "{\"rawsql\": \"SELECT * FROM \\\"s/#\\\" WHERE payload.temp > 10\", "
                    + context + "}").path("data")).isEmpty();
            assertThat(s.ok("POST", "/rules/test", "{\"rawsql\": \"SELECT * FROM \\\"other\\\"\", " + context + "}")
                    .path("data")).isEmpty();
            assertThat(s.ok("POST", "/rules/test", "{\"rawsql\": \"SELECT payload FROM \\\"t\\\"\", \"context\":"
                    + " {\"topic\": \"t\", \"payload\": \"plain text\"}}").path("data").get(0).path("payload").asText())
                    .isEqualTo("plain text");

            String broken = "SELECT *\nFROM \"s/#\"\nWHERE qos >";
            RuleSqlException expected = parseError(broken);
            HttpResponse<String> bad = s.send("POST", "/rules/test", Json.MAPPER.writeValueAsString(
                    Map.of("rawsql", broken, "context", Map.of("topic", "s/1"))));
            assertThat(bad.statusCode()).isEqualTo(400);
            JsonNode error = Json.MAPPER.readTree(bad.body());
            assertThat(error.path("code").asInt()).isEqualTo(ApiException.REQ_PARAM_ERROR);
            assertThat(error.path("message").asText()).isEqualTo("rawsql: " + expected.getMessage()).startsWith("rawsql: line 3, column");
            assertThat(error.path("line").asInt()).isEqualTo(3);
            assertThat(error.path("column").asInt()).isEqualTo(expected.column());

            HttpResponse<String> fails = s.send("POST", "/rules/test", "{\"rawsql\": \"SELECT qos FROM \\\"s/#\\\" WHERE"
                    + " qos\", " + context + "}");
            assertThat(fails.statusCode()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(fails.body()).path("message").asText())
                    .isEqualTo("the statement failed on this message: WHERE must be true or false, got integer 1");
        }
    }

    /** Without a rule engine (the API served on its own) the list is empty, nothing can be made, tests still run. */
    @Test
    void withoutAnEngineNothingCanBeMadeButStatementsCanBeTested() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            assertThat(api.getJson("/api/v4/rules").path("data")).isEmpty();
            HttpResponse<String> r = api.post("/api/v4/rules", HOT);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(ApiFixture.json(r).path("message").asText()).isEqualTo("the rule engine is not running");
            HttpResponse<String> t = api.post("/api/v4/rules/test", "{\"rawsql\": \"SELECT qos FROM \\\"a\\\"\","
                    + " \"context\": {\"topic\": \"a\", \"qos\": 2}}");
            assertThat(ApiFixture.json(t).path("data").toString()).isEqualTo("[{\"qos\":2}]");
        }
    }

    static RuleSqlException parseError(String sql) {
        try {
            RuleSql.parse(sql);
        } catch (RuleSqlException e) {
            return e;
        }
        throw new AssertionError("parses: " + sql);
    }

    static void publish(Mqtt5BlockingClient c, String topic, String payload) {
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    static String text(Mqtt5Publish m) {
        return new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long rows(Path db, String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1; // the table is not there yet
        }
    }

    /** A bridge to {@code port} with NanoMQ's defaults and one forward (the rule's bridge action needs none). */
    static BridgeConfig bridge(String name, int port) {
        return new BridgeConfig(name, true, List.of(new BridgeServer("mqtt-tcp://127.0.0.1:" + port, "127.0.0.1", port,
                false)), MqttVersion.V5, "edge-bridge-" + name, Duration.ofSeconds(60), Duration.ofSeconds(2), true, null,
                null, null, BridgeConfig.ConnProperties.DEFAULT, null, List.of(new BridgeForward("fwd/#", "",
                BridgeForward.KEEP_QOS, BridgeForward.KEEP_RETAIN, "", "")), List.of(), 0, Map.of(), false, 2, 32, 32, 128,
                Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }
}
