package io.wrenmq.server.rule.action;

import static io.wrenmq.server.rule.action.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** rules.mysql against a real MariaDB started by the test. */
class MariaDbActionTest extends JdbcActionContract {
    private static MariaDbProcess maria;

    @BeforeAll
    static void startMariaDb() throws Exception {
        assumeTrue(MariaDbProcess.installed(), "MariaDB is not installed (apt-get install mariadb-server); .ci/run"
                + " installs it");
        maria = MariaDbProcess.start();
    }

    @AfterAll
    static void stopMariaDb() throws Exception {
        if (maria != null) {
            maria.close();
        }
    }

    @Override
    TestDatabase db() {
        return maria;
    }

    /** The server's own counters: 2500 rows on an existing table, batch size 1000 -> 3 INSERT statements. */
    @Test
    void eachBatchIsOneInsertStatement() throws Exception {
        execute("CREATE TABLE counted_rows (" + maria.nanomqIdColumn() + ", seq BIGINT)");
        try (JdbcDatabase database = new JdbcDatabase(maria.config("counted"))) {
            RuleAction a = database.tableAction("counted", TableOptions.of("counted_rows"), BatchSettings.DEFAULTS);
            for (long i = 0; i < 2500; i++) {
                a.offer(row("seq", i));
            }
            long insertsBefore = status("Com_insert");
            a.start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 2500);
            assertThat(status("Com_insert") - insertsBefore).isEqualTo(3);
            a.close();
        }
        assertThat(seqs("counted_rows")).containsExactlyElementsOf(range(0, 2500));
    }

    private long status(String name) throws SQLException {
        return Long.parseLong(query("SHOW GLOBAL STATUS LIKE '" + name + "'").get(0).get(1));
    }
}
