package io.wrenmq.server.rule.action;

import java.util.Locale;
import java.util.Map;

/**
 * What differs between the databases: quoting, column types, the columns a created table gets besides the row's, and
 * how to connect. Created tables follow NanoMQ's (nanomq_rule.c): an auto id first, named {@code RowId} in SQLite and
 * {@code idx} elsewhere, then one column per selected field; we add an insert-time column.
 */
public enum SqlDialect {
    SQLITE, POSTGRESQL, TIMESCALEDB, MARIADB;

    /** The configuration word: rules.sqlite, rules.postgresql, rules.timescaledb, rules.mysql. */
    public String configName() {
        return this == MARIADB ? "mysql" : name().toLowerCase(Locale.ROOT);
    }

    boolean isPostgres() {
        return this == POSTGRESQL || this == TIMESCALEDB;
    }

    String quote(String identifier) {
        if (!SqlNames.valid(identifier)) {
            throw new IllegalArgumentException("not an identifier: " + identifier); // names are checked before
        }
        return this == MARIADB ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }

    /**
     * The name as the database keeps it. NanoMQ writes names unquoted, and PostgreSQL folds unquoted names to lower
     * case, so {@code table = "Readings"} there is the table {@code readings}; we quote, so we fold first to mean
     * the same table. SQLite and MariaDB keep names as written.
     */
    String fold(String name) {
        return isPostgres() ? name.toLowerCase(Locale.ROOT) : name;
    }

    String typeOf(ColumnKind kind) {
        return switch (kind) {
            case INTEGER -> "BIGINT";
            case REAL -> this == SQLITE ? "REAL" : this == MARIADB ? "DOUBLE" : "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case JSON -> this == SQLITE ? "TEXT" : this == MARIADB ? "JSON" : "JSONB";
            default -> this == MARIADB ? "LONGTEXT" : "TEXT"; // MariaDB's TEXT stops at 64 KiB
        };
    }

    String idColumn() {
        return this == SQLITE ? "RowId" : "idx";
    }

    String idColumnDefinition() {
        String id = quote(idColumn());
        return switch (this) {
            case SQLITE -> id + " INTEGER PRIMARY KEY AUTOINCREMENT";
            case POSTGRESQL -> id + " BIGSERIAL PRIMARY KEY";
            // A hypertable's unique keys must contain its time column; NanoMQ's idx has no key here either.
            case TIMESCALEDB -> id + " BIGSERIAL";
            case MARIADB -> id + " BIGINT AUTO_INCREMENT PRIMARY KEY";
        };
    }

    /** The insert-time column: when the row was written (epoch milliseconds in SQLite, a timestamp elsewhere). */
    String timeColumnDefinition(String name) {
        String column = quote(name);
        return switch (this) {
            case SQLITE -> column + " BIGINT NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))";
            case POSTGRESQL, TIMESCALEDB -> column + " TIMESTAMPTZ NOT NULL DEFAULT now()";
            case MARIADB -> column + " DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)";
        };
    }

    int defaultPort() {
        return switch (this) {
            case SQLITE -> 0;
            case POSTGRESQL, TIMESCALEDB -> 5432;
            case MARIADB -> 3306;
        };
    }

    /** NanoMQ connects PostgreSQL to dbname=postgres and MySQL to mysql_rule_db when none is given. */
    String defaultDatabase() {
        return switch (this) {
            case SQLITE -> null;
            case POSTGRESQL, TIMESCALEDB -> "postgres";
            case MARIADB -> "mysql_rule_db";
        };
    }

    String driverClass() {
        return switch (this) {
            case SQLITE -> "org.sqlite.JDBC";
            case POSTGRESQL, TIMESCALEDB -> "org.postgresql.Driver";
            case MARIADB -> "org.mariadb.jdbc.Driver";
        };
    }

    String jdbcUrl(DatabaseConfig c) {
        return switch (this) {
            case SQLITE -> "jdbc:sqlite:" + c.path().toAbsolutePath();
            case POSTGRESQL, TIMESCALEDB -> "jdbc:postgresql://" + c.hostForUrl() + ":" + c.port() + "/" + c.database();
            case MARIADB -> "jdbc:mariadb://" + c.hostForUrl() + ":" + c.port() + "/" + c.database();
        };
    }

    /** Driver settings: bounded connects and reads, so a vanished server fails a write instead of hanging it. */
    Map<String, String> driverProperties(DatabaseConfig c) {
        long connectMillis = c.connectTimeout().toMillis();
        String connectSeconds = String.valueOf(Math.max(1, c.connectTimeout().toSeconds()));
        return switch (this) {
            // WAL: readers of the file do not block the writer; a reader's short lock is waited for.
            case SQLITE -> Map.of("journal_mode", "WAL", "busy_timeout", "5000");
            case POSTGRESQL, TIMESCALEDB -> Map.of("ApplicationName", "wrenmq-rule-" + c.name(),
                    "connectTimeout", connectSeconds, "loginTimeout", connectSeconds, "socketTimeout", "60",
                    "tcpKeepAlive", "true", "sslmode", c.ssl() ? "verify-full" : "prefer");
            // NanoMQ's default database mysql_rule_db usually does not exist yet. Connector/J 4 wants TLS unless told.
            case MARIADB -> Map.of("connectTimeout", String.valueOf(connectMillis), "socketTimeout", "60000",
                    "tcpKeepAlive", "true", "createDatabaseIfNotExist", "true",
                    "sslMode", c.ssl() ? "verify-full" : "disable");
        };
    }
}
