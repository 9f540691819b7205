package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.RuleSpec;
import io.wrenmq.server.rule.RulesConfig;
import io.wrenmq.server.rule.action.BatchSettings;
import io.wrenmq.server.rule.action.DatabaseConfig;
import io.wrenmq.server.rule.action.HttpActionConfig;
import io.wrenmq.server.rule.action.SqlDialect;
import io.wrenmq.server.rule.action.TableOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code rules} block (RuleKeys, RulesReader, RuleEntries, RuleActions, RuleDatabases): NanoMQ's example rules
 * as shipped, every key of every block, the defaults and derived ids, each error with its key, file and line, and all
 * of a file's errors at once. Relative paths are resolved against the directory given to the loader (WRENMQ_HOME).
 */
@Timeout(30)
class RuleConfigTest {
    static final String NANOMQ_SQL = "SELECT payload.x.y as y, payload.z as z FROM \"#\" WHERE y > 10 and z != 'str'";
    private static final String SQL = "SELECT * FROM \"t/#\"";
    private static final BatchSettings DEFAULT_BATCH = BatchSettings.DEFAULTS;

    @TempDir
    Path dir;

    private ServerConfig load(String text) throws Exception {
        return load(text, Map.of());
    }

    private ServerConfig load(String text, Map<String, String> env) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("r.conf"), text), env, ConfigLayer.empty(), dir);
    }

    private RulesConfig rules(String text) throws Exception {
        return load(text).rules();
    }

    private RuleSpec only(String text) throws Exception {
        return rules(text).rules().get(0);
    }

    private void refused(String text, String... parts) {
        var thrown = assertThatThrownBy(() -> load(text)).isInstanceOf(InvalidConfigException.class);
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    private static RuleSpec rule(String id, String sql, ActionSpec action) {
        return new RuleSpec(id, sql, "", true, List.of(action));
    }

    private static ActionSpec.Table table(String database, String table) {
        return new ActionSpec.Table(database, TableOptions.of(table), DEFAULT_BATCH);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = RuleConfigTest.class.getResourceAsStream("/rules/" + name)) {
            assertThat(in).as("test resource rules/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void nanomqsExampleRulesLoadAsShipped() throws Exception {
        ServerConfig c = load(resource("nanomq_example_rules.conf"));
        ActionSpec.RemoteServer localhost1 = new ActionSpec.RemoteServer("localhost", 1883, false, MqttVersion.V3_1_1,
                "repub_client1", Duration.ofSeconds(60), true, "username", "passwd");
        ActionSpec.RemoteServer localhost2 = new ActionSpec.RemoteServer("localhost", 1883, false, MqttVersion.V3_1_1,
                "repub_client2", Duration.ofSeconds(60), true, "username", "passwd");
        assertThat(c.rules()).isEqualTo(new RulesConfig(
                Map.of("sqlite", DatabaseConfig.sqlite("sqlite", Path.of("/tmp/sqlite_rule.db")),
                        "mysql.mysql_rule_db", DatabaseConfig.server(SqlDialect.MARIADB, "mysql_rule_db", "localhost", 3306,
                                "username", "password", "db_name")),
                List.of(rule("sqlite-1", NANOMQ_SQL, table("sqlite", "broker")),
                        rule("sqlite-2", "SELECT topic, payload FROM \"abc\"", table("sqlite", "broker1")),
                        rule("repub-1", NANOMQ_SQL, new ActionSpec.Republish("topic/repub1", 0, false, null, localhost1,
                                DEFAULT_BATCH)),
                        rule("repub-2", "SELECT topic, payload FROM \"abc\"", new ActionSpec.Republish("topic/repub2", 0,
                                false, null, localhost2, DEFAULT_BATCH)),
                        rule("mysql.mysql_rule_db-1", NANOMQ_SQL, table("mysql.mysql_rule_db", "broker")),
                        rule("mysql.mysql_rule_db-2", "SELECT * FROM \"abc\"", table("mysql.mysql_rule_db", "broker1")))));
        assertThat(c.rules().databases().get("mysql.mysql_rule_db").port()).as("MySQL's port").isEqualTo(3306);
        assertThat(c.notices()).isEmpty();
    }

    @Test
    void everyKeyOfTheDatabaseBlocksIsRead() throws Exception {
        RulesConfig c = rules("""
                rules.sqlite {
                  path = "rules/edge.db"
                  queue_size = 500
                  batch_size = 50
                  retry_interval = 1s
                  max_retry_interval = 1m
                  rules = [
                    { id = "temps", description = "every temperature", enable = false, sql = "SELECT payload.t AS t FROM \\"s/#\\"",
                      table = Temps, create_table = false, time_column = ts }
                  ]
                }
                rules.postgresql.main {
                  conn { host = "db.example.com:5433", username = wren, password = " s3cret", database = iot, pool_size = 4,
                         connect_timeout = 2s, ssl = true }
                  rules = [ { table = readings, sql = "SELECT qos FROM \\"a\\"" } ]
                }
                rules.timescaledb.ts {
                  conn = { host = "[fd00::7]", port = 5434, username = ts }
                  rules = [ { table = metrics, sql = "SELECT qos FROM \\"b\\"" } ]
                }
                rules.mysql.a { conn { host = "::1", username = u }, rules = [ { table = t1, sql = "SELECT qos FROM \\"c\\"" } ] }
                rules.mysql.b { conn { host = "10.0.0.9:3307", username = u, password = p } }
                """);
        BatchSettings batch = new BatchSettings(500, 50, Duration.ofSeconds(1), Duration.ofMinutes(1),
                DEFAULT_BATCH.closeTimeout());
        assertThat(c.databases()).containsOnly(
                Map.entry("sqlite", DatabaseConfig.sqlite("sqlite", dir.resolve("data/rules/edge.db"))),
                Map.entry("postgresql.main", DatabaseConfig.server(SqlDialect.POSTGRESQL, "main", "db.example.com", 5433,
                        "wren", " s3cret", "iot").withPool(4, Duration.ofSeconds(2)).withSsl(true)),
                Map.entry("timescaledb.ts", DatabaseConfig.server(SqlDialect.TIMESCALEDB, "ts", "fd00::7", 5434, "ts", null,
                        null)),
                Map.entry("mysql.a", DatabaseConfig.server(SqlDialect.MARIADB, "a", "::1", 0, "u", null, null)),
                Map.entry("mysql.b", DatabaseConfig.server(SqlDialect.MARIADB, "b", "10.0.0.9", 3307, "u", "p", null)));
        assertThat(c.databases().get("timescaledb.ts").database()).as("NanoMQ's default").isEqualTo("postgres");
        assertThat(c.databases().get("mysql.a").database()).as("NanoMQ's default").isEqualTo("mysql_rule_db");
        assertThat(c.rules()).containsExactly(
                new RuleSpec("temps", "SELECT payload.t AS t FROM \"s/#\"", "every temperature", false, List.of(
                        new ActionSpec.Table("sqlite", new TableOptions("Temps", false, "ts"), batch))),
                rule("postgresql.main-1", "SELECT qos FROM \"a\"", table("postgresql.main", "readings")),
                rule("timescaledb.ts-1", "SELECT qos FROM \"b\"", table("timescaledb.ts", "metrics")),
                rule("mysql.a-1", "SELECT qos FROM \"c\"", table("mysql.a", "t1")));
    }

    @Test
    void everyKeyOfTheRepubHttpAndBridgeBlocksIsRead() throws Exception {
        RulesConfig c = rules("""
                system.node_name = "edge 7@plant"
                bridges.mqtt.cloud { server = "mqtt-tcp://127.0.0.1:1883" }
                rules.repub {
                  queue_size = 100
                  rules = [
                    { sql = "SELECT * FROM \\"a\\"", topic = "alerts/${clientid}", qos = 1, retain = true, payload = "${payload}" }
                    { server = "tls+mqtt-tcp://other.example.com", topic = b, proto_ver = 5, keepalive = 10s, clean_start = false,
                      username = u, password = p, sql = "SELECT * FROM \\"b\\"" }
                  ]
                }
                rules.http.collector {
                  url = "https://collector.example.com/rows"
                  method = put
                  headers { Authorization = "Bearer x" }
                  body = "{\\"t\\": ${t}}"
                  batch = true
                  timeout = 2s
                  batch_size = 10
                  rules = [ { sql = "SELECT payload.t AS t FROM \\"s/#\\"" }, { id = h2, sql = "SELECT qos FROM \\"q\\"" } ]
                }
                rules.bridge {
                  rules = [ { bridge = cloud, topic = "up/${topic}", qos = 2, retain = true, payload = "x", sql = "SELECT * FROM \\"c\\"" } ]
                }
                """);
        BatchSettings hundred = new BatchSettings(100, 100, DEFAULT_BATCH.retryInterval(), DEFAULT_BATCH.maxRetryInterval(),
                DEFAULT_BATCH.closeTimeout());
        HttpActionConfig http = new HttpActionConfig("collector", URI.create("https://collector.example.com/rows"), "PUT",
                Map.of("Authorization", "Bearer x"), "{\"t\": ${t}}", true, Duration.ofSeconds(2));
        ActionSpec.Http httpAction = new ActionSpec.Http(http, DEFAULT_BATCH.withBatchSize(10));
        assertThat(c.rules()).containsExactly(
                rule("repub-1", "SELECT * FROM \"a\"", new ActionSpec.Republish("alerts/${clientid}", 1, true, "${payload}",
                        null, hundred)),
                rule("repub-2", "SELECT * FROM \"b\"", new ActionSpec.Republish("b", 0, false, null,
                        new ActionSpec.RemoteServer("other.example.com", 8883, true, MqttVersion.V5, "edge_7_plant-repub-2",
                                Duration.ofSeconds(10), false, "u", "p"), hundred)),
                rule("http.collector-1", "SELECT payload.t AS t FROM \"s/#\"", httpAction),
                rule("h2", "SELECT qos FROM \"q\"", httpAction),
                rule("bridge-1", "SELECT * FROM \"c\"", new ActionSpec.Bridge("cloud", "up/${topic}", 2, true, "x",
                        DEFAULT_BATCH)));
        assertThat(c.databases()).isEmpty();
    }

    @Test
    void aBlockWithOnlyItsRequiredKeysTakesTheDefaults() throws Exception {
        RulesConfig c = rules("""
                rules.sqlite { rules = [ { sql = "SELECT * FROM \\"t/#\\"", table = t } ] }
                rules.repub { rules = [ { topic = out, sql = "SELECT * FROM \\"t/#\\"" },
                                         { server = "mqtt-tcp://10.0.0.2", topic = out, sql = "SELECT * FROM \\"t/#\\"" } ] }
                rules.http.h { url = "http://127.0.0.1:8080/rows", rules = [ { sql = "SELECT * FROM \\"t/#\\"" } ] }
                """);
        assertThat(c.databases()).containsExactly(Map.entry("sqlite", DatabaseConfig.sqlite("sqlite", dir.resolve("data/rules.db"))));
        assertThat(c.rules()).containsExactly(
                rule("sqlite-1", SQL, new ActionSpec.Table("sqlite", new TableOptions("t", true, "inserted_at"), DEFAULT_BATCH)),
                rule("repub-1", SQL, new ActionSpec.Republish("out", 0, false, null, null, DEFAULT_BATCH)),
                rule("repub-2", SQL, new ActionSpec.Republish("out", 0, false, null, new ActionSpec.RemoteServer("10.0.0.2",
                        1883, false, MqttVersion.V3_1_1, "wrenmq_127_0_0_1-repub-2", Duration.ofSeconds(60), true, null, null),
                        DEFAULT_BATCH)),
                rule("http.h-1", SQL, new ActionSpec.Http(HttpActionConfig.post("h", URI.create("http://127.0.0.1:8080/rows")),
                        DEFAULT_BATCH)));
        RulesConfig quic = rules("""
                rules.repub { rules = [ { server = "mqtt-quic://10.0.0.2", topic = out, sql = "SELECT * FROM \\"t/#\\"" } ] }
                """);
        assertThat(quic.rules()).singleElement().satisfies(r -> assertThat(((ActionSpec.Republish) r.actions().get(0))
                .server()).isEqualTo(new ActionSpec.RemoteServer("10.0.0.2", 14567, true, MqttVersion.V3_1_1,
                        "wrenmq_127_0_0_1-repub-1", Duration.ofSeconds(60), true, null, null, true)));
        assertThat(rules("mqtt.max_qos = 1\n")).isSameAs(RulesConfig.NONE);
        assertThat(rules("rules.mysql.m { conn.host = db }\n").rules()).as("a database for the REST API's rules").isEmpty();
    }

    @Test
    void rulesComeInFileOrderWhateverTheirBlock() throws Exception {
        RulesConfig c = rules("""
                rules.repub { rules = [ { topic = a, sql = "SELECT * FROM \\"a\\"" } ] }
                rules.sqlite {
                  rules = [ { table = t, sql = "SELECT * FROM \\"b\\"" } ]
                }
                rules.mysql.z { conn.host = db, rules = [ { table = t, sql = "SELECT * FROM \\"c\\"" } ] }
                rules.mysql.a { conn.host = db, rules = [ { table = t, sql = "SELECT * FROM \\"d\\"" }
                                                          { table = t, sql = "SELECT * FROM \\"e\\"" } ] }
                """);
        assertThat(c.rules()).extracting(RuleSpec::id)
                .containsExactly("repub-1", "sqlite-1", "mysql.z-1", "mysql.a-1", "mysql.a-2");
    }

    @Test
    void nanomqsServerOfThisBrokerIsTakenAsWrittenAndUnusedConnectionKeysAreWarnedAbout() throws Exception {
        ServerConfig c = load("""
                rules.repub {
                  rules = [
                    { topic = a, sql = "SELECT * FROM \\"a\\"",
                      clientid = x, username = u }
                  ]
                }
                """);
        assertThat(((ActionSpec.Republish) c.rules().rules().get(0).actions().get(0)).server()).isNull();
        assertThat(c.notices()).extracting(n -> n.message().replace(dir + "/", "")).containsExactly("r.conf:4:"
                + " rules.repub.rules[0]: clientid, username: unused without server (the rows are published in this broker);"
                + " write server = \"mqtt-tcp://host:1883\" to publish to another broker");
    }

    /** One rules block written wrong, and the start of the error that names the key (after "r.conf:"). */
    static Stream<Arguments> badBlocks() {
        return Stream.of(
                arguments("rules.sqlite {\n rules = [\n { table = t\n sql = \"SELECT FROM \\\"t\\\"\" }\n ]\n}\n",
                        "4: rules.sqlite.rules[0].sql: line 1, column 8: "),
                arguments("rules.sqlite { rules = [ { table = t, sql = \"SELECT xyz FROM \\\"t\\\"\" } ] }\n",
                        "1: rules.sqlite.rules[0].sql: line 1, column 8: unknown field 'xyz'"),
                arguments("rules.sqlite { rules = [ { table = t, sql = \"\"\"SELECT qos\n  FROM t\"\"\" } ] }\n",
                        "1: rules.sqlite.rules[0].sql: line 2, column 8: expected a topic filter in double quotes"),
                arguments("rules.sqlite {\n rules = [\n  {\n   table = t\n   sql = \"\"\"\n     SELECT qos\n     FROM t\n   \"\"\"\n  }\n ]\n}\n",
                        "5: rules.sqlite.rules[0].sql: line 3, column 11: expected a topic filter in double quotes"),
                arguments("rules.sqlite {\n rules = [\n  { table = t, sql = \"SELECT qos\\n FROM t\" }\n ]\n}\n",
                        "3: rules.sqlite.rules[0].sql: line 2, column 7: expected a topic filter in double quotes"),
                arguments("rules.sqlite {\n rules = [ { table = t } ]\n}\n", "2: rules.sqlite.rules[0].sql: missing"),
                arguments("rules.sqlite { rules = [ { table = t, sql = \" \" } ] }\n", "1: rules.sqlite.rules[0].sql: missing"),
                arguments("rules.sqlite { rules = [ { sql = \"" + esc(SQL) + "\" } ] }\n", "1: rules.sqlite.rules[0].table: missing"),
                arguments("rules.sqlite { rules = [ { sql = \"" + esc(SQL) + "\", table = \"my-table\" } ] }\n",
                        "1: rules.sqlite.rules[0].table: 'my-table' is not a plain name (letters, digits and underscore"),
                arguments("rules.sqlite { rules = [ { sql = \"" + esc(SQL) + "\", table = t, time_column = \"1st\" } ] }\n",
                        "1: rules.sqlite.rules[0].time_column: '1st' is not a plain name"),
                arguments("rules.sqlite {\n rules = [ { sql = \"" + esc(SQL) + "\", tabel = t } ]\n}\n",
                        "2: rules.sqlite.rules[0].tabel: unknown key (did you mean rules.sqlite.rules[0].table?)"),
                arguments("rules.sqlite { path = \"\" }\n", "1: rules.sqlite.path: must not be empty"),
                arguments("rules.sqlite { queue_size = 10, batch_size = 20 }\n",
                        "1: rules.sqlite.batch_size: must be 1..10 (queue_size), got 20"),
                arguments("rules.sqlite { retry_interval = 1m, max_retry_interval = 1s }\n",
                        "1: rules.sqlite.max_retry_interval: must not be shorter than retry_interval"),
                arguments("rules.sqlite { rules = { sql = x } }\n",
                        "1: rules.sqlite.rules: wrong type: found object (expected a list rules = [ { sql, table"),
                arguments("rules.sqlite = 1\n", "1: rules.sqlite: wrong type: found number"),
                arguments("rules.sqllite { path = x }\n", "1: rules.sqllite: unknown key (did you mean rules.sqlite?)"),
                arguments("rules.mongodb.m { }\n", "1: rules.mongodb: unknown key (valid keys here: sqlite, repub, mysql,"
                        + " postgresql, timescaledb, http, bridge)"),
                arguments("rules.repub { rules = [ { sql = \"" + esc(SQL) + "\" } ] }\n", "1: rules.repub.rules[0].topic: missing"),
                arguments("rules.repub { rules = [ { sql = \"" + esc(SQL) + "\", topic = \"a/+\" } ] }\n",
                        "1: rules.repub.rules[0].topic: not a topic name: "),
                arguments("rules.repub { rules = [ { sql = \"" + esc(SQL) + "\", topic = a, qos = 3 } ] }\n",
                        "1: rules.repub.rules[0].qos: out of range: 3 (allowed range is 0..2)"),
                arguments("rules.repub { rules = [ { sql = \"" + esc(SQL) + "\", topic = a, server = \"localhost:1883\" } ] }\n",
                        "1: rules.repub.rules[0].server: not an MQTT server URL: \"localhost:1883\""),
                arguments("rules.repub { rules = [ { sql = \"" + esc(SQL) + "\", topic = a, server = \"mqtt-quic://h:99999\" } ] }\n",
                        "1: rules.repub.rules[0].server: not a port 1..65535 in \"mqtt-quic://h:99999\""),
                arguments("rules.repub { rules = [ { sql = \"" + esc(SQL) + "\", topic = a, server = \"mqtt-tcp://h\","
                        + " proto_ver = 6 } ] }\n", "1: rules.repub.rules[0].proto_ver: unknown value 6"),
                arguments("rules.repub { rules = [ { sql = \"" + esc(SQL) + "\", topic = a, retain = maybe } ] }\n",
                        "1: rules.repub.rules[0].retain: not a boolean"),
                arguments("rules.repub { rules = [ { id = \"a b\", sql = \"" + esc(SQL) + "\", topic = a } ] }\n",
                        "1: rules.repub.rules[0].id: not a rule id: \"a b\""),
                arguments("rules.mysql.m {\n conn { username = u }\n}\n", "1: rules.mysql.m.conn.host: missing"),
                arguments("rules.mysql.m {\n conn { host = \"db:99999\" }\n}\n",
                        "2: rules.mysql.m.conn.host: not a port 1..65535 in \"db:99999\""),
                arguments("rules.mysql.m {\n conn { host = \"db:3307\"\n port = 3308 }\n}\n",
                        "3: rules.mysql.m.conn.port: 3308 but conn.host \"db:3307\" says 3307"),
                arguments("rules.postgresql.p {\n conn { host = \"db/x\" }\n}\n",
                        "2: rules.postgresql.p.conn.host: 'db/x' is not a host name or IP address"),
                arguments("rules.timescaledb.t { conn { host = db, pool_size = 17 } }\n",
                        "1: rules.timescaledb.t.conn.pool_size: out of range: 17 (allowed range is 1..16)"),
                arguments("rules.postgresql.p { conn { host = db, database = \"a;b\" } }\n",
                        "1: rules.postgresql.p.conn.database: 'a;b' is not a database name"),
                arguments("rules.postgresql.p { conn { host = db, hots = x } }\n",
                        "1: rules.postgresql.p.conn.hots: unknown key (did you mean rules.postgresql.p.conn.host?)"),
                arguments("rules.mysql.\"my db\" { conn.host = db }\n", "1: rules.mysql.my db: not a block name"),
                arguments("rules.mysql = 1\n", "1: rules.mysql: wrong type: found number (expected blocks rules.mysql.<name>"),
                arguments("rules.http.h { rules = [ { sql = \"" + esc(SQL) + "\" } ] }\n", "1: rules.http.h.url: is missing"),
                arguments("rules.http.h { url = \"ftp://h/x\" }\n", "1: rules.http.h.url: not an http(s) URL: ftp://h/x"),
                arguments("rules.http.h { url = \"http://h/x\", method = GET }\n",
                        "1: rules.http.h.method: 'GET' is not one of POST, PUT, PATCH"),
                arguments("rules.http.h { url = \"http://h/x\", body = \"{\\\"t\\\": ${t\" }\n",
                        "1: rules.http.h.body: the placeholder at character 7 has no closing '}'"),
                arguments("rules.http.h { url = \"http://h/x\", headers { Connection = close } }\n",
                        "1: rules.http.h.headers.Connection: is set by the HTTP client itself"),
                arguments("rules.http.h { url = \"http://h/x\", timeout = 0s }\n", "1: rules.http.h.timeout: out of range"),
                arguments("rules.bridge { rules = [ { topic = a, sql = \"" + esc(SQL) + "\" } ] }\n",
                        "1: rules.bridge.rules[0].bridge: missing"),
                arguments("rules.bridge { rules = [ { bridge = nope, topic = a, sql = \"" + esc(SQL) + "\" } ] }\n",
                        "1: rules.bridge.rules[0].bridge: no bridge named \"nope\" (no bridge is configured"),
                arguments("rules.bridge { rules = [ { bridge = cloud, sql = \"" + esc(SQL) + "\" } ] }\n",
                        "1: rules.bridge.rules[0].topic: missing"),
                arguments("rules = [ 1 ]\n", "1: rules: wrong type: found list"));
    }

    private static String esc(String sql) {
        return sql.replace("\"", "\\\"");
    }

    @ParameterizedTest
    @MethodSource("badBlocks")
    void aBadKeyStopsStartUpNamingItAndItsLine(String text, String error) {
        refused(text, "r.conf:" + error);
    }

    @Test
    void aBridgeActionNamesAConfiguredBridgeOrTheErrorListsThem() throws Exception {
        String bridges = "bridges.mqtt.cloud { server = \"mqtt-tcp://127.0.0.1:1883\" }\n"
                + "bridges.aws.iot { server = \"iot.example.com:8883\" }\n";
        String rule = "rules.bridge { rules = [ { bridge = %s, topic = a, sql = \"" + esc(SQL) + "\" } ] }\n";
        assertThat(only(bridges + rule.formatted("iot")).actions()).singleElement()
                .isEqualTo(new ActionSpec.Bridge("iot", "a", 0, false, null, DEFAULT_BATCH));
        refused(bridges + rule.formatted("cluod"), "r.conf:3: rules.bridge.rules[0].bridge: no bridge named \"cluod\""
                + " (configured bridges: cloud, iot)");
        // a bridge with an error of its own is still a name the rule may use: only the bridge's error is reported
        assertThatThrownBy(() -> load("bridges.mqtt.cloud { server = \"http://x\" }\n" + rule.formatted("cloud")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .extracting(ConfigError::key).isEqualTo("bridges.mqtt.cloud.server"));
    }

    @Test
    void idsAreUniqueAcrossAllRules() {
        refused("""
                rules.sqlite { rules = [ { table = t, sql = "SELECT * FROM \\"a\\"" } ] }
                rules.repub {
                  rules = [
                    { topic = t, sql = "SELECT * FROM \\"a\\"" }
                    { id = "sqlite-1", topic = t, sql = "SELECT * FROM \\"a\\"" }
                  ]
                }
                rules.http.h { url = "http://h/x", rules = [ { id = "repub-1", sql = "SELECT * FROM \\"a\\"" } ] }
                """,
                "r.conf:5: rules.repub.rules[1].id: \"sqlite-1\" is also the id of rules.sqlite.rules[0] (give each rule its own id",
                "r.conf:8: rules.http.h.rules[0].id: \"repub-1\" is also the id of rules.repub.rules[0]");
    }

    @Test
    void allErrorsOfAFileAreReportedAtOnceInFileOrder() {
        assertThatThrownBy(() -> load("""
                rules.sqlite {
                  path = "data/rules.db"
                  rules = [
                    { table = "bad name", sql = "SELECT * FROM \\"a\\"" }
                    { table = t, sql = "SELECT * FORM \\"a\\"" }
                  ]
                }
                rules.repub { rules = [ { topic = t, qos = 5, sql = "SELECT * FROM \\"a\\"" } ] }
                rules.mysql.m { conn { host = "" } }
                rules.bridge { rules = [ { bridge = b, topic = t, sql = "SELECT * FROM \\"a\\"" } ] }
                rule_option = ON
                """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                .extracting(ConfigError::line, ConfigError::key).containsExactly(
                        tuple(4, "rules.sqlite.rules[0].table"),
                        tuple(5, "rules.sqlite.rules[1].sql"),
                        tuple(8, "rules.repub.rules[0].qos"),
                        tuple(9, "rules.mysql.m.conn.host"),
                        tuple(10, "rules.bridge.rules[0].bridge"),
                        tuple(11, "rule_option")));
    }

    @Test
    void environmentOverridesReachTheRulesAndEqualFilesGiveEqualConfigs() throws Exception {
        String text = "rules.sqlite { rules = [ { table = t, sql = \"" + esc(SQL) + "\" } ] }\n";
        assertThat(load(text, Map.of("WRENMQ_RULES__SQLITE__PATH", "/var/lib/wrenmq/r.db")).rules().databases().get("sqlite")
                .path()).isEqualTo(Path.of("/var/lib/wrenmq/r.db"));
        // a reload compares RulesConfig values: the same file must read as an equal value
        assertThat(rules(text)).isEqualTo(rules(text)).isNotSameAs(rules(text));
        assertThatThrownBy(() -> load(text, Map.of("WRENMQ_RULES__SQLITE__QUEUE_SIZE", "0")))
                .hasMessageContaining("environment variable WRENMQ_RULES__SQLITE__QUEUE_SIZE: rules.sqlite.queue_size");
    }

    /**
     * docs/rules-config.md is the "## Configuration" section of docs/rules.md (the lead merges it there; then this
     * reads docs/rules.md from that heading on).
     */
    @Test
    void theConfigurationDocsNameEveryKeyWithItsDefaultAndTheirExamplesLoad() throws Exception {
        String docs = Files.readString(ConfigFiles.repoRoot().resolve("docs/rules-config.md"));
        String section = docs.substring(docs.indexOf("## Configuration"));
        ConfigFiles.assertDocumentsKeys(section, "rules.", path -> path.replaceFirst("^rules\\.[a-z]+\\.(<name>\\.)?", ""));
        List<String> examples = ConfigFiles.hoconExamples(section);
        assertThat(examples).as("the first example and one per block (sqlite, databases, repub, http, bridge)").hasSize(6);
        for (String example : examples) {
            ServerConfig c = load(example);
            assertThat(c.rules().rules()).as(example).isNotEmpty();
            assertThat(c.notices()).as(example).isEmpty();
        }
        assertThat(load(examples.get(2)).rules().databases()).containsOnlyKeys("mysql.mysql_rule_db", "postgresql.history",
                "timescaledb.metrics");
        assertThat(load(examples.get(2)).rules().rules()).extracting(RuleSpec::id)
                .containsExactly("mysql.mysql_rule_db-1", "temperatures", "timescaledb.metrics-1");
        assertThat(load(examples.get(3)).rules().rules()).extracting(r -> ((ActionSpec.Republish) r.actions().get(0)).server())
                .extracting(s -> s == null ? "this broker" : s.host()).containsExactly("this broker", "localhost");
        assertThat(load(examples.get(5)).rules().rules()).singleElement()
                .satisfies(r -> assertThat(r.actions()).singleElement().isInstanceOf(ActionSpec.Bridge.class));
    }
}
