package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.clampedDuration;
import static io.wrenmq.server.config.ValueTypes.duration;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.oneOf;

import com.typesafe.config.ConfigValue;
import io.wrenmq.server.rule.RulesConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * NanoMQ's {@code rules} block: the schema rows of {@code rules.sqlite { ... }}, {@code rules.repub { ... }} and
 * {@code rules.mysql.<name> { ... }} (also read for {@code rules.postgresql.<name>} and {@code rules.timescaledb.<name>},
 * which NanoMQ's code reads with the same keys), and of our {@code rules.http.<name> { ... }} and
 * {@code rules.bridge { ... }}. {@link RulesReader} turns the block into {@link RulesConfig}. NanoMQ's keys keep
 * NanoMQ's meaning (nanomq.md a7, etc/nanomq_example.conf); every other row is ours and says so in docs/rules.md.
 */
final class RuleKeys {
    static final String SQLITE = "rules.sqlite.";
    static final String REPUB = "rules.repub.";
    /** The rows of rules.mysql.&lt;name&gt;, rules.postgresql.&lt;name&gt; and rules.timescaledb.&lt;name&gt;. */
    static final String DATABASE = "rules.mysql.<name>.";
    static final String HTTP = "rules.http.<name>.";
    static final String BRIDGE = "rules.bridge.";
    /** The list of rules in every block. */
    static final String RULES = "rules";

    /** What reading the rules needs besides their block. */
    record Context(String nodeName, Path dataDir, Set<String> bridges, List<ConfigError> errors,
            BlockValues.Warnings warnings) {
    }

    private RuleKeys() {
    }

    static void register() {
        ConfigSchema.key(SQLITE + "path", BridgeValueTypes.text(), "\"rules.db\"", null, null,
                "The SQLite file the rules of this block write to; relative to system.data_dir. Created (owner-only) when missing.");
        tableRuleKeys(SQLITE);
        batchKeys(SQLITE);
        repubKeys();
        ConfigSchema.key(DATABASE + "conn.host", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the database server, \"db.example.com\", \"10.0.0.7\" or with its port \"10.0.0.7:5433\" (IPv6: \"[fd00::7]:5432\").");
        ConfigSchema.key(DATABASE + "conn.port", integer(0, 65535), "0", null, null,
                "The server's port; 0 = the port in host, else the usual one (MySQL/MariaDB 3306, PostgreSQL/TimescaleDB 5432).");
        ConfigSchema.key(DATABASE + "conn.username", BridgeValueTypes.text(), "\"\"", null, null, "The database user.");
        ConfigSchema.key(DATABASE + "conn.password", BridgeValueTypes.text(), "\"\"", null, null,
                "The database user's password; \"\" = none.");
        ConfigSchema.key(DATABASE + "conn.database", BridgeValueTypes.text(), "\"\"", null, null,
                "The database; \"\" = NanoMQ's: mysql_rule_db for MySQL/MariaDB (created when missing), postgres for PostgreSQL/TimescaleDB.");
        ConfigSchema.key(DATABASE + "conn.pool_size", integer(1, 16), "2", null, null,
                "Connections this block's rules share at most.");
        ConfigSchema.key(DATABASE + "conn.connect_timeout", duration(Duration.ofMillis(250), Duration.ofMinutes(10)), "5s", null, null,
                "The longest a connection attempt may take; a write that cannot connect is retried (retry_interval).");
        ConfigSchema.key(DATABASE + "conn.ssl", bool(), "false", null, null,
                "true = TLS required and the server's certificate checked against the JVM's trusted CAs; false = PostgreSQL uses TLS when the server offers it, MySQL/MariaDB plain TCP.");
        tableRuleKeys(DATABASE);
        batchKeys(DATABASE);
        httpKeys();
        bridgeKeys();
    }

    /** A table rule: NanoMQ's {@code { sql, table }} and ours beside them. */
    private static void tableRuleKeys(String block) {
        String r = block + RULES + "[].";
        ConfigSchema.key(r + "sql", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the rule's statement, SELECT ... FROM \"<topic filter>\" [WHERE ...] (docs/rules.md, Rule SQL); its selected fields are the row.");
        ConfigSchema.key(r + "table", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the table the rows go to; a plain name (letters, digits, _), folded to lower case in PostgreSQL.");
        ConfigSchema.key(r + "create_table", bool(), "true", null, null,
                "Create the table when it is missing, with a column per field of the first row (false: it must exist).");
        ConfigSchema.key(r + "time_column", BridgeValueTypes.text(), "\"inserted_at\"", null, null,
                "The insert-time column of a created table (TimescaleDB partitions by it); a row field of that name fills it instead.");
        ruleKeys(r);
    }

    /** Ours, in every rule of every block. */
    private static void ruleKeys(String r) {
        ConfigSchema.key(r + "id", BridgeValueTypes.text(), "\"\"", null, null,
                "The rule's id, unique among all rules (REST /api/v4/rules/<id>, metrics); \"\" = derived from where it is written, e.g. sqlite-1 for the first rule of rules.sqlite.");
        ConfigSchema.key(r + "description", BridgeValueTypes.text(), "\"\"", null, null, "Free text for people.");
        ConfigSchema.key(r + "enable", bool(), "true", null, null, "false = the rule is configured (and checked) but does not run.");
    }

    /** Ours, in every block: how the block's actions queue, batch and retry. */
    private static void batchKeys(String block) {
        ConfigSchema.key(block + "queue_size", integer(1, 10_000_000), "10000", null, null,
                "Rows each rule's action holds at most (the batch being written included); further rows are dropped and counted.");
        ConfigSchema.key(block + "batch_size", integer(1, 10_000_000), "1000", null, null,
                "Rows written at most in one batch: one multi-row INSERT in one transaction, or one request. At most queue_size (left out: queue_size when that is smaller).");
        ConfigSchema.key(block + "retry_interval", duration(Duration.ZERO, Duration.ofHours(1)), "100ms", null, null,
                "The first retry's delay after a failed write; each further one doubles (with jitter), up to max_retry_interval.");
        ConfigSchema.key(block + "max_retry_interval", duration(Duration.ZERO, Duration.ofHours(1)), "30s", null, null,
                "The longest delay between retries; a failed batch is retried until it is written (its rows stay queued).");
    }

    private static void repubKeys() {
        String r = REPUB + RULES + "[].";
        ConfigSchema.key(r + "server", BridgeValueTypes.text(), "\"\"", null, null,
                "The broker to publish to, \"mqtt-tcp://host:port\" or \"tls+mqtt-tcp://host:port\"; \"\" = this broker, without a connection.");
        messageKeys(r, "");
        ConfigSchema.key(r + "proto_ver", oneOf(BridgeKeys.versions()), "4", null, null,
                "MQTT version towards server: 3 (3.1), 4 (3.1.1) or 5.");
        ConfigSchema.key(r + "clientid", BridgeValueTypes.text(), "\"\"", null, null,
                "The client id on server; \"\" = <system.node_name>-repub-<n> (n: the rule's place in this list, from 1; characters other than A-Z a-z 0-9 _ - become _).");
        ConfigSchema.key(r + "keepalive", clampedDuration(Duration.ZERO, Duration.ofSeconds(65535)), "60s", null, null,
                "The connection's keep alive; 0 = none.");
        ConfigSchema.key(r + "clean_start", bool(), "true", null, null, "The connection's clean start flag.");
        ConfigSchema.key(r + "username", BridgeValueTypes.text(), "\"\"", null, null, "User name on server; \"\" = none.");
        ConfigSchema.key(r + "password", BridgeValueTypes.text(), "\"\"", null, null, "Password on server; \"\" = none.");
        ConfigSchema.key(r + "sql", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the rule's statement; each row it gives is published.");
        ruleKeys(r);
        batchKeys(REPUB);
    }

    /** The message each row becomes (rules.repub; rules.bridge on the remote broker). */
    private static void messageKeys(String r, String where) {
        ConfigSchema.key(r + "topic", BridgeValueTypes.text(), "\"\"", null, null, "Required: the topic each row is published"
                + " to" + where + "; ${field} is replaced by the row's field, e.g. \"alerts/${clientid}\".");
        ConfigSchema.key(r + "qos", integer(0, 2), "0", null, null, "The QoS of the messages" + where + ".");
        ConfigSchema.key(r + "retain", bool(), "false", null, null, "Whether the messages are retained" + where + ".");
        ConfigSchema.key(r + "payload", BridgeValueTypes.text(), "\"\"", null, null,
                "The payload, with ${field} placeholders; \"\" = the row as a JSON object (NanoMQ's repub).");
    }

    private static void httpKeys() {
        ConfigSchema.key(HTTP + "url", WebhookKeys.url(), "\"\"", null, null,
                "Required: the http:// or https:// URL the rows are sent to.");
        ConfigSchema.key(HTTP + "method", BridgeValueTypes.text(), "\"POST\"", null, null, "POST, PUT or PATCH.");
        ConfigSchema.key(HTTP + "headers", WebhookKeys.headers(), "{}", null, null,
                "Extra request headers, e.g. headers { Authorization = \"Bearer s3cret\" }; Content-Type is application/json.");
        ConfigSchema.key(HTTP + "body", BridgeValueTypes.text(), "\"\"", null, null,
                "The body, with ${field} placeholders (e.g. \"{\\\"t\\\": ${payload.temp}}\"); \"\" = the row as a JSON object.");
        ConfigSchema.key(HTTP + "batch", bool(), "false", null, null,
                "false = one request per row; true = one request per batch, whose body is a JSON array of the rows' bodies.");
        ConfigSchema.key(HTTP + "timeout", duration(Duration.ofMillis(1), Duration.ofMinutes(10)), "5s", null, null,
                "The longest one request may take; a slower, failed (not 2xx) or refused request is retried.");
        String r = HTTP + RULES + "[].";
        ConfigSchema.key(r + "sql", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the rule's statement; each row it gives is sent.");
        ruleKeys(r);
        batchKeys(HTTP);
    }

    private static void bridgeKeys() {
        String r = BRIDGE + RULES + "[].";
        ConfigSchema.key(r + "bridge", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the name of a configured bridge (bridges.mqtt.<name> or bridges.aws.<name>); rows go to its remote broker over its connection.");
        messageKeys(r, " on the bridge's remote broker");
        ConfigSchema.key(r + "sql", BridgeValueTypes.text(), "\"\"", null, null,
                "Required: the rule's statement; each row it gives is forwarded.");
        ruleKeys(r);
        batchKeys(BRIDGE);
    }

    /** Reads the {@code rules} block; problems go to the context's errors, warnings to its warnings. */
    static RulesConfig read(ConfigValue value, Context ctx) {
        return new RulesReader(ctx).read(value);
    }
}
