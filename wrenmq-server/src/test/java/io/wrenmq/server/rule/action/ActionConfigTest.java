package io.wrenmq.server.rule.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad action settings are refused with the setting's name (the config reader adds the block, file and line). */
class ActionConfigTest {

    @Test
    void tableAndTimeColumnMustBePlainNames() {
        refused(() -> TableOptions.of("rows; DROP TABLE x"), "table", "is not a plain name");
        refused(() -> TableOptions.of("1rows"), "table", "is not a plain name");
        refused(() -> TableOptions.of(""), "table", "is empty");
        refused(() -> TableOptions.of("a".repeat(64)), "table", "is not a plain name");
        refused(() -> new TableOptions("rows", true, "time column"), "time_column", "is not a plain name");
        assertThat(TableOptions.of("Mqtt_Rows_2").table()).isEqualTo("Mqtt_Rows_2");
    }

    @Test
    void rowKeysBecomeColumnNames() {
        assertThat(SqlNames.columnFor("temp")).isEqualTo("temp");
        assertThat(SqlNames.columnFor("payload.temp")).isEqualTo("payload_temp");
        assertThat(SqlNames.columnFor("payload.a[1]")).isEqualTo("payload_a_1_");
        assertThat(SqlNames.columnFor("1st")).isEqualTo("_1st");
        assertThat(SqlNames.columnFor("x\"; DROP")).isEqualTo("x___DROP");
        assertThat(SqlNames.columnFor("")).isEqualTo("_");
        assertThat(SqlNames.columnFor("k.".repeat(40))).hasSize(SqlNames.MAX_LENGTH);
    }

    @Test
    void identifiersAreQuotedPerDatabaseAndFoldedInPostgresql() {
        assertThat(SqlDialect.MARIADB.quote("Rows")).isEqualTo("`Rows`");
        assertThat(SqlDialect.SQLITE.quote("Rows")).isEqualTo("\"Rows\"");
        assertThat(SqlDialect.POSTGRESQL.fold("Rows")).isEqualTo("rows");
        assertThat(SqlDialect.MARIADB.fold("Rows")).isEqualTo("Rows");
        assertThatThrownBy(() -> SqlDialect.POSTGRESQL.quote("a\"b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void databaseSettingsAreChecked() {
        refused(() -> DatabaseConfig.server(SqlDialect.POSTGRESQL, "pg", "", 0, "u", "p", null), "conn.host",
                "is missing");
        refused(() -> DatabaseConfig.server(SqlDialect.POSTGRESQL, "pg", "db host/x", 0, "u", "p", null),
                "conn.host", "not a host name");
        refused(() -> DatabaseConfig.server(SqlDialect.MARIADB, "my", "h", 70000, "u", "p", null), "conn.port",
                "1..65535");
        refused(() -> DatabaseConfig.server(SqlDialect.MARIADB, "my", "h", 0, "u", "p", "a/b?x=1"),
                "conn.database", "not a database name");
        refused(() -> DatabaseConfig.server(SqlDialect.MARIADB, "my", "h", 0, "u", "p", null).withPool(0,
                Duration.ofSeconds(1)), "conn.pool_size", "1..16");
        refused(() -> DatabaseConfig.sqlite("lite", null), "path", "is missing");

        DatabaseConfig pg = DatabaseConfig.server(SqlDialect.POSTGRESQL, "pg", "::1", 0, "u", "pw-secret", null);
        assertThat(pg.port()).isEqualTo(5432);
        assertThat(pg.database()).as("NanoMQ's dbname").isEqualTo("postgres");
        assertThat(SqlDialect.POSTGRESQL.jdbcUrl(pg)).isEqualTo("jdbc:postgresql://[::1]:5432/postgres");
        assertThat(pg.toString()).doesNotContain("pw-secret");
        DatabaseConfig my = DatabaseConfig.server(SqlDialect.MARIADB, "my", "db.local", 0, "u", "p", null);
        assertThat(SqlDialect.MARIADB.jdbcUrl(my)).isEqualTo("jdbc:mariadb://db.local:3306/mysql_rule_db");
        assertThat(DatabaseConfig.sqlite("lite", Path.of("x.db")).poolSize()).as("one writer").isEqualTo(1);
    }

    @Test
    void httpSettingsAreChecked() {
        URI url = URI.create("http://127.0.0.1:8080/rows");
        refused(() -> HttpActionConfig.post("h", URI.create("ftp://x/y")), "url", "not an http(s) URL");
        refused(() -> new HttpActionConfig("h", url, "GET", Map.of(), null, false, Duration.ofSeconds(1)), "method",
                "not one of POST, PUT, PATCH");
        refused(() -> new HttpActionConfig("h", url, "POST", Map.of("Host", "x"), null, false,
                Duration.ofSeconds(1)), "headers.Host", "set by the HTTP client");
        refused(() -> new HttpActionConfig("h", url, "POST", Map.of(), "{\"t\": ${payload.t", false,
                Duration.ofSeconds(1)), "body", "no closing '}'");
        refused(() -> new HttpActionConfig("h", url, "POST", Map.of(), "x ${ }", false, Duration.ofSeconds(1)),
                "body", "empty placeholder");
        refused(() -> new HttpActionConfig("h", url, "POST", Map.of(), null, false, Duration.ZERO), "timeout",
                "must be positive");
        assertThat(new HttpActionConfig("h", url, "patch", Map.of(), null, false, Duration.ofSeconds(1)).method())
                .isEqualTo("PATCH");
    }

    @Test
    void batchSettingsAreChecked() {
        refused(() -> new BatchSettings(0, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO), "queue_size",
                "at least 1");
        refused(() -> new BatchSettings(10, 11, Duration.ZERO, Duration.ZERO, Duration.ZERO), "batch_size",
                "1..10");
        refused(() -> new BatchSettings(10, 5, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO),
                "max_retry_interval", "not be shorter");
    }

    private static void refused(ThrowingCallable config, String subKey, String message) {
        assertThatThrownBy(config).isInstanceOfSatisfying(InvalidActionConfig.class, e -> {
            assertThat(e.subKey()).isEqualTo(subKey);
            assertThat(e.getMessage()).startsWith(subKey + ": ").contains(message);
            assertThat(e.hint()).isNotBlank();
        });
    }
}
