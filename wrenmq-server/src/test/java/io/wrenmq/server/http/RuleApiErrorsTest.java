package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wrenmq.server.rule.action.DatabaseConfig;
import io.wrenmq.server.rule.action.SqlDialect;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal of the rule endpoints against a running WrenServer (rules.sqlite and two PostgreSQL blocks configured,
 * no bridge): a bad body is a 400 whose message names the field, never a 500; an unknown rule a 404; and nothing
 * refused leaves a rule behind.
 */
@Timeout(60)
class RuleApiErrorsTest {
    @TempDir
    static Path dir;

    private static RulesServer server;

    @BeforeAll
    static void start() throws Exception {
        int dead = RuleApiTest.freePort();
        server = new RulesServer(dir, "", Map.of("sqlite", DatabaseConfig.sqlite("sqlite", dir.resolve("rules.db")),
                "postgresql.main", DatabaseConfig.server(SqlDialect.POSTGRESQL, "main", "127.0.0.1", dead, "u", "p", null),
                "postgresql.archive", DatabaseConfig.server(SqlDialect.POSTGRESQL, "archive", "127.0.0.1", dead, "u", "p",
                        null)));
        server.ok("POST", "/rules", "{\"id\": \"kept\", \"rawsql\": \"SELECT * FROM \\\"k/#\\\"\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** PUT keeps the statement when the body gives none, and refuses any id but its path's (next test). */
    private static final Set<String> POST_ONLY = Set.of("no rawsql", "bad id");
    private static final String SQL = "\"rawsql\": \"SELECT * FROM \\\"t/#\\\"\"";

    static Stream<Arguments> badBodies() {
        return Stream.of(
                bad("not JSON", "{\"rawsql\": ", 106, "malformed JSON body: "),
                bad("not an object", "[1]", 106, "the body must be a JSON object"),
                bad("no rawsql", "{\"actions\": []}", 107, "missing parameter: rawsql"),
                bad("blank rawsql", "{\"rawsql\": \" \"}", 107, "missing parameter: rawsql"),
                bad("rawsql not text", "{\"rawsql\": 5}", 102, "rawsql must be a string"),
                bad("SQL that does not parse", "{\"rawsql\": \"SELECT FROM \\\"t\\\"\"}", 102, "rawsql: line 1, column 8: "),
                bad("unknown field", "{" + SQL + ", \"sql\": \"x\"}", 102,
                        "sql: not a field here; a rule has rawsql, actions [{name, params}], description, enabled and id"),
                bad("bad id", "{" + SQL + ", \"id\": \"a b\"}", 102, "id: not a rule id: \"a b\""),
                bad("enabled not a boolean", "{" + SQL + ", \"enabled\": \"yes\"}", 102, "enabled must be true or false"),
                bad("actions not a list", "{" + SQL + ", \"actions\": {}}", 102, "actions must be a JSON array of objects"),
                bad("unknown action", action("kafka", "{}"), 102,
                        "actions[0].name: no action kafka (actions: repub, sqlite, mysql, postgresql, timescaledb, http, bridge)"),
                bad("no params", "{" + SQL + ", \"actions\": [{\"name\": \"repub\"}]}", 107,
                        "missing parameter: actions[0].params"),
                bad("params not an object", "{" + SQL + ", \"actions\": [{\"name\": \"repub\", \"params\": 1}]}", 102,
                        "actions[0].params must be a JSON object"),
                bad("unknown action field", "{" + SQL + ", \"actions\": [{\"name\": \"repub\", \"params\": {}, \"x\": 1}]}",
                        102, "actions[0].x: not a field here"),
                bad("repub without topic", action("repub", "{}"), 107, "missing parameter: actions[0].params.topic"),
                bad("repub topic with a wildcard", action("repub", "{\"topic\": \"a/+\"}"), 102,
                        "actions[0].params.topic: not a topic name: "),
                bad("repub topic placeholder not closed", action("repub", "{\"topic\": \"a/${clientid\"}"), 102,
                        "actions[0].params.topic: the placeholder at character 3 has no closing '}'"),
                bad("repub payload placeholder empty", action("repub", "{\"topic\": \"a\", \"payload\": \"v=${ }\"}"),
                        102, "actions[0].params.payload: empty placeholder ${} at character 3"),
                bad("repub qos 3", action("repub", "{\"topic\": \"a\", \"qos\": 3}"), 102,
                        "actions[0].params.qos must be an integer 0..2: 3"),
                bad("repub username without server", action("repub", "{\"topic\": \"a\", \"username\": \"u\"}"), 102,
                        "actions[0].params.username: only used with server"),
                bad("repub bad server", action("repub", "{\"topic\": \"a\", \"server\": \"http://h\"}"), 102,
                        "actions[0].params.server: not a bridge server URL: \"http://h\""),
                bad("repub bad proto_ver", action("repub", "{\"topic\": \"a\", \"server\": \"mqtt-tcp://h:1883\","
                        + " \"proto_ver\": 6}"), 102, "actions[0].params.proto_ver must be an integer 3..5: 6"),
                bad("repub masked password of a new rule", action("repub", "{\"topic\": \"a\", \"server\":"
                        + " \"mqtt-tcp://h:1883\", \"password\": \"******\"}"), 102,
                        "actions[0].params.password: \"******\" is the mask GET shows"),
                bad("repub unknown key", action("repub", "{\"topic\": \"a\", \"host\": \"h\"}"), 102,
                        "actions[0].params.host: not a field here; a repub action has"),
                bad("batch_size above queue_size", action("repub", "{\"topic\": \"a\", \"queue_size\": 10,"
                        + " \"batch_size\": 20}"), 102, "actions[0].params.batch_size: must be 1..10 (queue_size), got 20"),
                bad("max_retry_interval below retry_interval", action("repub", "{\"topic\": \"a\", \"retry_interval\":"
                        + " \"2s\", \"max_retry_interval\": \"1s\"}"), 102, "actions[0].params.max_retry_interval: must not"
                        + " be shorter than retry_interval"),
                bad("bad duration", action("repub", "{\"topic\": \"a\", \"retry_interval\": \"soon\"}"), 102,
                        "actions[0].params.retry_interval: "),
                bad("sqlite without table", action("sqlite", "{}"), 107, "missing parameter: actions[0].params.table"),
                bad("sqlite bad table name", action("sqlite", "{\"table\": \"a;b\"}"), 102,
                        "actions[0].params.table: "),
                bad("sqlite with a database", action("sqlite", "{\"table\": \"t\", \"database\": \"main\"}"), 102,
                        "actions[0].params.database: a sqlite action writes to the file of rules.sqlite"),
                bad("postgresql with two blocks and none named", action("postgresql", "{\"table\": \"t\"}"), 102,
                        "actions[0].params.database: name one of the rules.postgresql.<name> blocks (configured:"
                        + " postgresql.archive, postgresql.main, sqlite)"),
                bad("unknown database", action("postgresql", "{\"table\": \"t\", \"database\": \"nope\"}"), 102,
                        "actions[0].params.database: no database block rules.postgresql.nope is configured (configured:"
                        + " postgresql.archive, postgresql.main, sqlite)"),
                bad("mysql without a block", action("mysql", "{\"table\": \"t\"}"), 102,
                        "actions[0].params.database: name one of the rules.mysql.<name> blocks"),
                bad("NanoMQ's inline connection", action("mysql", "{\"table\": \"t\", \"host\": \"db\"}"), 102,
                        "actions[0].params.host: not a field here; a mysql action has table, database"),
                bad("http without url", action("http", "{}"), 107, "missing parameter: actions[0].params.url"),
                bad("http not an http url", action("http", "{\"url\": \"ftp://h/x\"}"), 102,
                        "actions[0].params.url: 'ftp://h/x' is not an http(s) URL"),
                bad("http url syntax", action("http", "{\"url\": \"http://h/a b\"}"), 102, "actions[0].params.url: not a URL"),
                bad("http method", action("http", "{\"url\": \"http://h/x\", \"method\": \"GET\"}"), 102,
                        "actions[0].params.method: 'GET' is not one of POST, PUT, PATCH"),
                bad("http restricted header", action("http", "{\"url\": \"http://h/x\", \"headers\": {\"Host\": \"x\"}}"),
                        102, "actions[0].params.headers.Host: is set by the HTTP client itself"),
                bad("http broken body template", action("http", "{\"url\": \"http://h/x\", \"body\": \"${x\"}"), 102,
                        "actions[0].params.body: the placeholder at character 1 has no closing '}'"),
                bad("http timeout 0", action("http", "{\"url\": \"http://h/x\", \"timeout\": 0}"), 102,
                        "actions[0].params.timeout must be a "),
                bad("bridge unknown", action("bridge", "{\"bridge\": \"cloud\", \"topic\": \"a\"}"), 102,
                        "actions[0].params.bridge: no bridge named cloud (none is configured: add a bridges.mqtt.<name> block)"),
                bad("second action bad", "{" + SQL + ", \"actions\": [{\"name\": \"repub\", \"params\": {\"topic\": \"a\"}},"
                        + " {\"name\": \"repub\", \"params\": {\"topic\": \"b\", \"retain\": 2}}]}", 102,
                        "actions[1].params.retain must be true or false: 2"));
    }

    private static Arguments bad(String what, String body, int code, String message) {
        return Arguments.of(what, body, code, message);
    }

    private static String action(String name, String params) {
        return "{" + SQL + ", \"actions\": [{\"name\": \"" + name + "\", \"params\": " + params + "}]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIsA400NamingTheFieldForPostAndPut(String what, String body, int code, String message) throws Exception {
        for (String[] call : new String[][] {{"POST", "/rules"}, {"PUT", "/rules/kept"}}) {
            if (call[0].equals("PUT") && POST_ONLY.contains(what)) {
                continue;
            }
            HttpResponse<String> r = server.send(call[0], call[1], body);
            assertThat(r.statusCode()).as(call[0] + " " + what + ": " + r.body()).isEqualTo(400);
            JsonNode error = Json.MAPPER.readTree(r.body());
            assertThat(error.path("code").asInt()).as(r.body()).isEqualTo(code);
            assertThat(error.path("message").asText()).as(call[0]).startsWith(message);
        }
        JsonNode rules = server.ok("GET", "/rules", null).path("data");
        assertThat(rules).as("nothing was made or changed").hasSize(1);
        assertThat(rules.get(0).path("rawsql").asText()).isEqualTo("SELECT * FROM \"k/#\"");
        assertThat(rules.get(0).path("actions")).isEmpty();
    }

    @Test
    void aPutNamesTheRuleOfItsPath() throws Exception {
        HttpResponse<String> r = server.send("PUT", "/rules/kept", "{\"id\": \"other\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText())
                .isEqualTo("id must be kept, the rule the path names");
    }

    @Test
    void anUnknownRuleIsA404ForGetPutAndDelete() throws Exception {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            HttpResponse<String> r = server.send(method, "/rules/rule:99", method.equals("PUT") ? "{\"enabled\": true}" : null);
            assertThat(r.statusCode()).as(method).isEqualTo(404);
            JsonNode error = Json.MAPPER.readTree(r.body());
            assertThat(error.path("code").asInt()).isEqualTo(ApiException.NOT_FOUND);
            assertThat(error.path("message").asText()).isEqualTo("no rule rule:99; rules: kept");
        }
        assertThat(server.send("PATCH", "/rules/kept", "{}").statusCode()).isEqualTo(405);
    }

    /** The test endpoint's own refusals: its body's fields, the sample message's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badTests")
    void aBadTestBodyIsA400NamingTheField(String what, String body, int code, String message) throws Exception {
        HttpResponse<String> r = server.send("POST", "/rules/test", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("code").asInt()).isEqualTo(code);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).startsWith(message);
    }

    static Stream<Arguments> badTests() {
        return Stream.of(
                bad("no context", "{" + SQL + "}", 107, "missing parameter: context"),
                bad("no topic", "{" + SQL + ", \"context\": {}}", 107, "missing parameter: context.topic"),
                bad("qos 5", "{" + SQL + ", \"context\": {\"topic\": \"t\", \"qos\": 5}}", 102,
                        "context.qos must be an integer 0..2: 5"),
                bad("unknown context field", "{" + SQL + ", \"context\": {\"topic\": \"t\", \"from\": \"x\"}}", 102,
                        "context.from: not a field here; the sample message has clientid, payload, peerhost, qos,"
                        + " retain, timestamp, topic, user_properties, username"),
                bad("user property not text", "{" + SQL + ", \"context\": {\"topic\": \"t\", \"user_properties\":"
                        + " {\"a\": 1}}}", 102, "context.user_properties.a must be a string"),
                bad("negative timestamp", "{" + SQL + ", \"context\": {\"topic\": \"t\", \"timestamp\": -1}}", 102,
                        "context.timestamp must be an integer 0.."),
                bad("unknown field", "{" + SQL + ", \"context\": {\"topic\": \"t\"}, \"actions\": []}", 102,
                        "actions: not a field here"));
    }
}
