package io.wrenmq.server.rule.action;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wrenmq.broker.store.sqlite.DatabaseFile;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One database of the rule engine and its small HikariCP pool, shared by the actions (one per rule and table) of
 * one {@code rules.<kind>.<name>} block. Creating it does not connect: a database that is down at start-up is
 * retried like one that goes away later. Close the actions first, then this.
 */
public final class JdbcDatabase implements AutoCloseable {
    private final DatabaseConfig config;
    private final HikariDataSource pool;

    /** @throws UncheckedIOException when the SQLite file or its folder cannot be created */
    public JdbcDatabase(DatabaseConfig config) {
        this.config = config;
        if (config.dialect() == SqlDialect.SQLITE) {
            try {
                new DatabaseFile(config.path()).createIfMissing(); // owner-only, like the broker's store
            } catch (IOException e) {
                throw new UncheckedIOException("rules.sqlite: cannot create " + config.path(), e);
            }
        }
        this.pool = new HikariDataSource(poolConfig(config));
    }

    private static HikariConfig poolConfig(DatabaseConfig c) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("wrenmq-rule-" + c.dialect().configName() + "-" + c.name());
        h.setDriverClassName(c.dialect().driverClass());
        h.setJdbcUrl(c.dialect().jdbcUrl(c));
        if (c.username() != null) {
            h.setUsername(c.username());
        }
        if (c.password() != null) {
            h.setPassword(c.password());
        }
        c.dialect().driverProperties(c).forEach(h::addDataSourceProperty);
        h.setMaximumPoolSize(c.poolSize());
        h.setMinimumIdle(0); // no background reconnect attempts (and log lines) while nothing is written
        h.setAutoCommit(false); // each batch is one transaction
        long connectMillis = c.connectTimeout().toMillis();
        h.setConnectionTimeout(connectMillis);
        h.setValidationTimeout(Math.max(250, connectMillis / 2));
        h.setInitializationFailTimeout(-1); // start without the database; writes retry until it is there
        return h;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** An action writing into {@code table}; call {@link RuleAction#start()} to run it. */
    public RuleAction tableAction(String actionName, TableOptions table, BatchSettings settings) {
        TableSchema schema = new TableSchema(config.dialect(), table, actionName);
        return new BatchingAction(actionName, settings, new JdbcTableWriter(pool, schema, actionName));
    }

    @Override
    public void close() {
        pool.close();
    }
}
