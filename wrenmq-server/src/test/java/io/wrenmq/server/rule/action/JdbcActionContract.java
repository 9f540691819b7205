package io.wrenmq.server.rule.action;

import static io.wrenmq.server.rule.action.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every database action does, run against each real database (SQLite file, PostgreSQL, MariaDB) by the
 * subclasses; each test uses its own table.
 */
abstract class JdbcActionContract {
    static final ObjectMapper JSON = new ObjectMapper();

    abstract TestDatabase db();

    @Test
    void rowsArriveInOrderInBatchesOfBatchSize() throws Exception {
        try (JdbcDatabase database = new JdbcDatabase(db().config("ordered"))) {
            RuleAction a = database.tableAction("ordered", TableOptions.of("ordered_rows"), BatchSettings.DEFAULTS);
            for (long i = 0; i < 2500; i++) {
                assertThat(a.offer(row("seq", i, "topic", "t/" + i))).isTrue();
            }
            a.start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 2500);
            assertThat(a.stats().batches()).as("1000 + 1000 + 500").isEqualTo(3);
            assertThat(a.stats().queueDepth()).isZero();
            assertThat(seqs("ordered_rows")).containsExactlyElementsOf(range(0, 2500));
            a.close();
        }
    }

    @Test
    void aCreatedTableHasTypedColumnsAndJsonValues() throws Exception {
        Map<String, Object> payload = row("t", 21.5, "unit", "C");
        try (JdbcDatabase database = new JdbcDatabase(db().config("typed"))) {
            RuleAction a = database.tableAction("typed", TableOptions.of("typed_rows"), BatchSettings.DEFAULTS);
            a.start();
            a.offer(row("topic", "a/b", "qos", 1L, "temp", 21.5, "ok", true, "payload", payload,
                    "tags", List.of("x", 1L), "payload.temp", 21.5, "note", null));
            a.offer(row("topic", "c", "qos", 2L, "temp", -1.0, "ok", false, "payload", "{\"raw\":true}",
                    "tags", List.of(), "payload.temp", 3.0, "note", "later"));
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 2);
            a.close();
        }
        ColumnKind json = db().dialect().isPostgres() ? ColumnKind.JSON : ColumnKind.TEXT;
        Map<String, ColumnKind> expected = new LinkedHashMap<>();
        expected.put(db().dialect().idColumn().toLowerCase(Locale.ROOT), ColumnKind.INTEGER);
        expected.putAll(Map.of("topic", ColumnKind.TEXT, "qos", ColumnKind.INTEGER, "temp", ColumnKind.REAL,
                "ok", ColumnKind.BOOLEAN, "payload", json, "tags", json, "payload_temp", ColumnKind.REAL,
                "note", ColumnKind.TEXT));
        expected.put(TableOptions.DEFAULT_TIME_COLUMN,
                db().dialect() == SqlDialect.SQLITE ? ColumnKind.INTEGER : ColumnKind.TIMESTAMP);
        assertThat(columnKinds("typed_rows")).isEqualTo(expected);

        try (Connection c = db().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT topic, qos, temp, ok, payload, tags, payload_temp, note FROM"
                        + " typed_rows ORDER BY " + db().dialect().idColumn())) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("a/b");
            assertThat(rs.getLong(2)).isEqualTo(1);
            assertThat(rs.getDouble(3)).isEqualTo(21.5);
            assertThat(rs.getBoolean(4)).isTrue();
            assertThat(JSON.readValue(rs.getString(5), Map.class)).isEqualTo(payload);
            assertThat(JSON.readValue(rs.getString(6), List.class)).containsExactly("x", 1);
            assertThat(rs.getDouble(7)).isEqualTo(21.5);
            assertThat(rs.getString(8)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(4)).isFalse();
            assertThat(JSON.readValue(rs.getString(5), Map.class)).as("JSON text is kept as JSON")
                    .isEqualTo(Map.of("raw", true));
            assertThat(rs.getString(6)).isEqualTo("[]");
            assertThat(rs.getString(8)).isEqualTo("later");
            assertThat(rs.next()).isFalse();
        }
    }

    /** A table NanoMQ created (unquoted, capitalised names): used as it is, fields matched case-insensitively. */
    @Test
    void anExistingTableIsUsedAsItIsAndFieldsWithoutAColumnAreIgnored() throws Exception {
        execute("CREATE TABLE NanoRows (" + db().nanomqIdColumn() + ", Topic TEXT, Qos INT, Payload TEXT)");
        try (JdbcDatabase database = new JdbcDatabase(db().config("nano"))) {
            RuleAction a = database.tableAction("nano", TableOptions.of("NanoRows"), BatchSettings.DEFAULTS);
            a.start();
            a.offer(row("topic", "x/1", "qos", 2L, "payload", "{\"a\":1}", "clientid", "c1"));
            a.offer(row("topic", "x/2", "qos", "7", "payload", row("b", 2L), "clientid", "c2"));
            a.offer(row("clientid", "only-unknown"));
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() + a.stats().failure() == 3);
            assertThat(a.stats().success()).isEqualTo(2);
            assertThat(a.stats().failure()).as("a row with no field the table has").isEqualTo(1);
            assertThat(a.stats().ignoredFields()).isEqualTo(3);
            a.close();
        }
        assertThat(query("SELECT Topic, Qos, Payload FROM NanoRows ORDER BY idx".replace("idx",
                db().dialect().idColumn()))).containsExactly(List.of("x/1", "2", "{\"a\":1}"),
                List.of("x/2", "7", "{\"b\":2}"));
        assertThat(columnKinds("NanoRows")).as("the table is not changed").hasSize(4);
    }

    @Test
    void withTableCreationOffRowsWaitUntilTheTableExists() throws Exception {
        BatchSettings quick = new BatchSettings(100, 10, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(5));
        try (JdbcDatabase database = new JdbcDatabase(db().config("later"))) {
            RuleAction a = database.tableAction("later", new TableOptions("later_rows", false, "inserted_at"), quick);
            a.start();
            for (long i = 0; i < 3; i++) {
                a.offer(row("seq", i));
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> a.stats().retriedBatches() >= 2);
            assertThat(a.stats().lastError()).contains("later_rows").contains("does not exist");
            assertThat(a.stats().lastErrorAt()).isPositive();
            execute("CREATE TABLE later_rows (" + db().nanomqIdColumn() + ", seq BIGINT)");
            await().atMost(10, TimeUnit.SECONDS).until(() -> a.stats().success() == 3);
            a.close();
        }
        assertThat(seqs("later_rows")).containsExactly(0L, 1L, 2L);
    }

    /**
     * 1000 rows of 70 fields are 70,000 values, more than PostgreSQL and MariaDB take in one statement (65,535): the
     * batch is split into statements of at most JdbcTableWriter.MAX_PARAMETERS values, in one transaction.
     */
    @Test
    void aBatchWithMoreValuesThanOneStatementTakesIsSplitIntoStatements() throws Exception {
        try (JdbcDatabase database = new JdbcDatabase(db().config("wide"))) {
            RuleAction a = database.tableAction("wide", TableOptions.of("wide_rows"), BatchSettings.DEFAULTS);
            for (long i = 0; i < 1000; i++) {
                Map<String, Object> r = row("seq", i);
                for (int f = 1; f < 70; f++) {
                    r.put("f" + f, i * f);
                }
                a.offer(r);
            }
            a.start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 1000);
            assertThat(a.stats().batches()).isEqualTo(1);
            a.close();
        }
        assertThat(seqs("wide_rows")).containsExactlyElementsOf(range(0, 1000));
        assertThat(query("SELECT f69 FROM wide_rows WHERE seq = 999")).containsExactly(List.of("68931"));
    }

    /** The database refuses one row (NOT NULL): the batch is written row by row, only that row fails. */
    @Test
    void aRowTheDatabaseRefusesFailsAloneAndTheOthersArrive() throws Exception {
        execute("CREATE TABLE strict_rows (" + db().nanomqIdColumn() + ", seq BIGINT NOT NULL, topic TEXT)");
        try (JdbcDatabase database = new JdbcDatabase(db().config("strict"))) {
            RuleAction a = database.tableAction("strict", TableOptions.of("strict_rows"), BatchSettings.DEFAULTS);
            for (long i = 0; i < 5; i++) {
                a.offer(row("seq", i == 2 ? null : i, "topic", "t"));
            }
            a.start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() + a.stats().failure() == 5);
            assertThat(a.stats().failure()).isEqualTo(1);
            assertThat(a.stats().retriedBatches()).isZero();
            a.close();
        }
        assertThat(seqs("strict_rows")).containsExactly(0L, 1L, 3L, 4L);
    }

    /**
     * Issue #14: "a database going away and coming back loses nothing that fitted in the action's queue; what did
     * not fit is counted". Killed between batches, so no commit is in doubt: every row arrives exactly once, in order.
     */
    @Test
    void aDatabaseThatGoesAwayAndComesBackLosesNothingThatFittedInTheQueue() throws Exception {
        assumeTrue(db().canStop(), "a file does not go away");
        BatchSettings small = new BatchSettings(50, 10, Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofSeconds(5));
        try (JdbcDatabase database = new JdbcDatabase(db().config("outage"))) {
            RuleAction a = database.tableAction("outage", TableOptions.of("outage_rows"), small);
            a.start();
            for (long i = 0; i < 20; i++) {
                assertThat(a.offer(row("seq", i))).isTrue();
            }
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.stats().success() == 20);

            db().kill();
            List<Long> accepted = new ArrayList<>();
            for (long i = 20; i < 80; i++) {
                if (a.offer(row("seq", i))) {
                    accepted.add(i);
                }
            }
            assertThat(accepted).as("the queue holds 50 rows, the batch in hand included")
                    .containsExactlyElementsOf(range(20, 70));
            assertThat(a.stats().dropped()).isEqualTo(10);
            await().atMost(10, TimeUnit.SECONDS).until(() -> a.stats().retriedBatches() >= 2);
            assertThat(a.stats().queueDepth()).isEqualTo(50);
            assertThat(a.stats().success()).isEqualTo(20);

            db().restart();
            await().atMost(30, TimeUnit.SECONDS).until(() -> a.stats().success() == 70);
            assertThat(a.stats().dropped()).isEqualTo(10);
            assertThat(a.stats().failure()).isZero();
            a.close();
        }
        assertThat(seqs("outage_rows")).containsExactlyElementsOf(range(0, 70));
    }

    static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    List<Long> seqs(String table) throws SQLException {
        List<Long> out = new ArrayList<>();
        for (List<String> r : query("SELECT seq FROM " + table + " ORDER BY " + db().dialect().idColumn())) {
            out.add(Long.parseLong(r.get(0)));
        }
        return out;
    }

    List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = db().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> r = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    r.add(rs.getString(i));
                }
                rows.add(r);
            }
        }
        return rows;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = db().connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Column name (lower case) -> kind, as the database reports the table. */
    Map<String, ColumnKind> columnKinds(String table) throws SQLException {
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        try (Connection c = db().connect()) {
            DatabaseMetaData md = c.getMetaData();
            String name = db().dialect().fold(table);
            try (ResultSet rs = md.getColumns(c.getCatalog(), db().dialect().isPostgres() ? "public" : null, name,
                    null)) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").equalsIgnoreCase(name)) {
                        kinds.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                                ColumnKind.ofColumn(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
                    }
                }
            }
        }
        return kinds;
    }
}
