package io.wrenmq.server.rule.action;

import static io.wrenmq.server.rule.action.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rows per second into PostgreSQL with batching (issue #14 target: 20,000 or more on this machine): a fresh PostgreSQL
 * 15 with its default durability (fsync on, synchronous_commit on), one action with the default batch size (1000),
 * rows of five fields (text, integer, double, JSON object) offered as fast as the queue takes them. Not part of the
 * build (tag "bench"); run it with
 * {@code mvn -B -o -q -pl wrenmq-server -am verify -Dtest=PostgresRowsBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dwrenmq.excludedGroups=none -Dgroups=bench}; the figures go to wrenmq-server/target/rule-action-bench.txt.
 */
@Tag("bench")
class PostgresRowsBench {
    private static final int WARMUP_ROWS = 50_000;
    private static final int ROWS = 300_000;

    @Test
    void rowsPerSecondIntoPostgresql() throws Exception {
        assumeTrue(PostgresProcess.installed(), "PostgreSQL 15 is not installed");
        StringBuilder report = new StringBuilder();
        try (PostgresProcess pg = PostgresProcess.start(true);
                JdbcDatabase database = new JdbcDatabase(pg.config("bench"))) {
            BatchSettings settings = new BatchSettings(100_000, 1_000, Duration.ofMillis(100), Duration.ofSeconds(30),
                    Duration.ofSeconds(30));
            for (int run = 0; run < 4; run++) {
                RuleAction a = database.tableAction("bench" + run, TableOptions.of("bench_rows"), settings);
                a.start();
                int rows = run == 0 ? WARMUP_ROWS : ROWS;
                long start = System.nanoTime();
                for (long i = 0; i < rows; i++) {
                    Map<String, Object> r = row("topic", "sensors/" + (i % 100) + "/temp", "clientid", "dev-" + (i % 100),
                            "seq", i, "temp", 20 + (i % 100) / 10.0, "payload", row("v", i, "ok", true));
                    while (a.stats().queueDepth() >= settings.queueSize()) {
                        // The bench's producer waits (without taking a core from PostgreSQL and the writer); a broker
                        // thread would drop instead.
                        LockSupport.parkNanos(200_000);
                    }
                    assertThat(a.offer(r)).isTrue();
                }
                await().atMost(5, TimeUnit.MINUTES).pollInterval(5, TimeUnit.MILLISECONDS)
                        .until(() -> a.stats().success() == rows);
                double seconds = (System.nanoTime() - start) / 1e9;
                ActionStats s = a.stats();
                a.close();
                assertThat(s.failure() + s.dropped()).isZero();
                String line = String.format("run %d%s: %,d rows in %.2f s = %,.0f rows/s (%d batches, %d retried)",
                        run, run == 0 ? " (warm-up)" : "", rows, seconds, rows / seconds, s.batches(),
                        s.retriedBatches());
                report.append(line).append('\n');
                System.out.println(line);
            }
            List<List<String>> count;
            try (var c = pg.connect(); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM bench_rows")) {
                rs.next();
                count = List.of(List.of(rs.getString(1)));
            }
            assertThat(count).containsExactly(List.of(String.valueOf(WARMUP_ROWS + 3L * ROWS)));
        }
        Files.writeString(Path.of("target", "rule-action-bench.txt"), report.toString());
    }
}
