package io.wrenmq.server.rule.action;

import static io.wrenmq.server.rule.action.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** rules.postgresql and rules.timescaledb against a real PostgreSQL 15 started by the test. */
class PostgresActionTest extends JdbcActionContract {
    private static PostgresProcess pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        assumeTrue(PostgresProcess.installed(), "PostgreSQL 15 is not installed (apt-get install postgresql); .ci/run"
                + " installs it");
        pg = PostgresProcess.start(false);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    TestDatabase db() {
        return pg;
    }

    /** Rows written by one transaction share its id (xmin): 2500 rows, batch size 1000 -> 3 transactions. */
    @Test
    void eachBatchIsOneTransaction() throws Exception {
        try (JdbcDatabase database = new JdbcDatabase(pg.config("tx"))) {
            RuleAction a = database.tableAction("tx", TableOptions.of("tx_rows"), BatchSettings.DEFAULTS);
            for (long i = 0; i < 2500; i++) {
                a.offer(row("seq", i));
            }
            a.start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 2500);
            a.close();
        }
        assertThat(query("SELECT count(DISTINCT xmin::text), count(*) FROM tx_rows"))
                .containsExactly(List.of("3", "2500"));
        assertThat(query("SELECT min(seq), max(seq) FROM tx_rows GROUP BY xmin::text ORDER BY 1"))
                .containsExactly(List.of("0", "999"), List.of("1000", "1999"), List.of("2000", "2499"));
    }

    /**
     * NanoMQ's TimescaleDB tables keep the message time in a TIMESTAMPTZ column {@code timestamp}: with
     * {@code time_column = "timestamp"} the rule's timestamp field (epoch milliseconds) fills that column.
     */
    @Test
    void aFieldNamedLikeTheTimeColumnFillsItAsATimestamp() throws Exception {
        try (JdbcDatabase database = new JdbcDatabase(pg.config("stamped"))) {
            RuleAction a = database.tableAction("stamped", new TableOptions("stamped_rows", true, "timestamp"),
                    BatchSettings.DEFAULTS);
            a.start();
            a.offer(row("seq", 1L, "timestamp", 1_700_000_000_123L));
            a.offer(row("seq", 2L, "timestamp", "2024-05-01T10:00:00.5Z"));
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 2);
            a.close();
        }
        assertThat(query("SELECT seq, (extract(epoch FROM \"timestamp\") * 1000)::bigint, pg_typeof(\"timestamp\")"
                + " FROM stamped_rows ORDER BY idx")).containsExactly(List.of("1", "1700000000123",
                "timestamp with time zone"), List.of("2", "1714557600500", "timestamp with time zone"));
    }

    /** Column types the mapping does not know (uuid, inet) take the text and PostgreSQL casts it. */
    @Test
    void otherColumnTypesTakeTextThatPostgresqlCasts() throws Exception {
        execute("CREATE TABLE typed_elsewhere (idx SERIAL PRIMARY KEY, device UUID, peer INET, n NUMERIC)");
        try (JdbcDatabase database = new JdbcDatabase(pg.config("other"))) {
            RuleAction a = database.tableAction("other", TableOptions.of("typed_elsewhere"), BatchSettings.DEFAULTS);
            a.start();
            a.offer(row("device", "123e4567-e89b-12d3-a456-426614174000", "peer", "10.0.0.7", "n", "12.5"));
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 1);
            a.close();
        }
        assertThat(query("SELECT device::text, host(peer), n FROM typed_elsewhere"))
                .containsExactly(List.of("123e4567-e89b-12d3-a456-426614174000", "10.0.0.7", "12.5"));
    }

    /** Debian has no TimescaleDB: the action says so once (WARN) and writes into a plain PostgreSQL table. */
    @Test
    void timescaledbWithoutTheExtensionWarnsAndWritesAsPostgresql() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(Hypertables.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try (JdbcDatabase database = new JdbcDatabase(pg.config("ts").withDialect(SqlDialect.TIMESCALEDB))) {
            RuleAction a = database.tableAction("ts", TableOptions.of("Ts_Rows"), BatchSettings.DEFAULTS);
            a.start();
            a.offer(row("seq", 1L, "temp", 20.5));
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 1);
            a.close();
        } finally {
            log.detachAppender(seen);
        }
        assertThat(seen.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("TimescaleDB is not available").contains("\"ts_rows\"").contains("plain PostgreSQL");
        assertThat(query("SELECT seq, temp FROM ts_rows")).containsExactly(List.of("1", "20.5"));
        assertThat(query("SELECT count(*) FROM pg_indexes WHERE tablename = 'ts_rows'")).as("idx has no key, as"
                + " NanoMQ's: a hypertable's unique keys must contain its time column").containsExactly(List.of("0"));
    }
}
