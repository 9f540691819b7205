package io.wrenmq.server.rule.action;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One database of the rule engine: NanoMQ's {@code rules.sqlite { path }} or the {@code conn} block of
 * {@code rules.postgresql.<name>}, {@code rules.timescaledb.<name>} and {@code rules.mysql.<name>}. Its actions (one
 * per rule and table) share one small pool.
 *
 * @param name           the block's name, for thread, pool and log names
 * @param port           0: the database's usual port (5432, 3306)
 * @param database       null: NanoMQ's default ({@code postgres}; {@code mysql_rule_db}, created if missing)
 * @param path           the SQLite file (created owner-only when missing); null for the others
 * @param poolSize       connections at most (1 for SQLite: one writer)
 * @param connectTimeout how long a connection attempt may take before the write counts as failed and is retried
 * @param ssl            true: TLS required and the server's certificate verified against the JVM's trust store;
 *                       false (NanoMQ has no TLS here): PostgreSQL still uses TLS when the server offers it
 *                       (sslmode=prefer), MariaDB connects in plain text
 */
public record DatabaseConfig(SqlDialect dialect, String name, String host, int port, String username,
        String password, String database, Path path, int poolSize, Duration connectTimeout, boolean ssl) {
    public static final int DEFAULT_POOL_SIZE = 2;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+]?");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

    public DatabaseConfig {
        if (name == null || name.isBlank()) {
            throw new InvalidActionConfig("name", "is empty", "the block's name, e.g. rules.postgresql.main");
        }
        if (dialect == SqlDialect.SQLITE) {
            if (path == null) {
                throw new InvalidActionConfig("path", "is missing", "the database file, e.g. /var/lib/wrenmq/rules.db");
            }
            poolSize = 1;
        } else {
            if (host == null || !HOST.matcher(host).matches()) {
                throw new InvalidActionConfig("conn.host", host == null || host.isEmpty() ? "is missing"
                        : "'" + host + "' is not a host name or IP address", "e.g. 127.0.0.1 or db.example.com");
            }
            if (port < 0 || port > 65535) {
                throw new InvalidActionConfig("conn.port", "must be 1..65535, got " + port, "e.g. "
                        + dialect.defaultPort());
            }
            port = port == 0 ? dialect.defaultPort() : port;
            database = database == null || database.isEmpty() ? dialect.defaultDatabase() : database;
            if (!DATABASE.matcher(database).matches()) {
                throw new InvalidActionConfig("conn.database", "'" + database + "' is not a database name",
                        "letters, digits, '_', '-' and '$', e.g. " + dialect.defaultDatabase());
            }
            if (poolSize < 1 || poolSize > 16) {
                throw new InvalidActionConfig("conn.pool_size", "must be 1..16, got " + poolSize,
                        "small: one writer per rule, e.g. " + DEFAULT_POOL_SIZE);
            }
        }
        if (connectTimeout.toMillis() < 250) {
            throw new InvalidActionConfig("conn.connect_timeout", "must be at least 250ms, got " + connectTimeout,
                    "e.g. 5s");
        }
    }

    /** rules.sqlite: one file. */
    public static DatabaseConfig sqlite(String name, Path path) {
        return new DatabaseConfig(SqlDialect.SQLITE, name, null, 0, null, null, null, path, 1,
                DEFAULT_CONNECT_TIMEOUT, false);
    }

    /** rules.postgresql / timescaledb / mysql: a server; port 0 and database null take the defaults. */
    public static DatabaseConfig server(SqlDialect dialect, String name, String host, int port, String username,
            String password, String database) {
        return new DatabaseConfig(dialect, name, host, port, username, password, database, null, DEFAULT_POOL_SIZE,
                DEFAULT_CONNECT_TIMEOUT, false);
    }

    public DatabaseConfig withPool(int size, Duration timeout) {
        return new DatabaseConfig(dialect, name, host, port, username, password, database, path, size, timeout, ssl);
    }

    public DatabaseConfig withSsl(boolean required) {
        return new DatabaseConfig(dialect, name, host, port, username, password, database, path, poolSize,
                connectTimeout, required);
    }

    /** The same server as another kind: TimescaleDB is PostgreSQL with an extension. */
    public DatabaseConfig withDialect(SqlDialect kind) {
        return new DatabaseConfig(kind, name, host, port, username, password, database, path, poolSize,
                connectTimeout, ssl);
    }

    /** An IPv6 literal in brackets, as URLs want it. */
    String hostForUrl() {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Never shows the password (records print every field). */
    @Override
    public String toString() {
        return dialect.configName() + " " + name + (path != null ? " " + path : " " + username + "@" + hostForUrl()
                + ":" + port + "/" + database);
    }
}
