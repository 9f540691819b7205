package io.wrenmq.server.rule.action;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** A real database for the action tests: how the action connects, how the test reads, and (servers) kill/restart. */
interface TestDatabase extends AutoCloseable {

    SqlDialect dialect();

    /** The action's connection settings (short connect timeout: outage tests stay quick). */
    DatabaseConfig config(String name);

    /** A plain connection for the test's own checks (autocommit). */
    Connection connect() throws SQLException;

    /** NanoMQ's auto id column definition (nanomq_rule.c), for tables "created by NanoMQ". */
    String nanomqIdColumn();

    /** Whether the server can be killed and started again (not a file). */
    default boolean canStop() {
        return false;
    }

    /** Kills the server abruptly (clients see their connections drop). */
    default void kill() throws Exception {
        throw new UnsupportedOperationException();
    }

    /** Starts it again on the same data directory and port; returns once it accepts connections. */
    default void restart() throws Exception {
        throw new UnsupportedOperationException();
    }

    Duration TEST_CONNECT_TIMEOUT = Duration.ofSeconds(1);
}
