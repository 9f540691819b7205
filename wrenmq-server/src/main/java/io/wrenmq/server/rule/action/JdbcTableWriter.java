package io.wrenmq.server.rule.action;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch into one table as ONE multi-row {@code INSERT ... VALUES (..), (..)} in ONE transaction (more than
 * one statement only past {@link #MAX_PARAMETERS} values, still one transaction). The columns are those of the
 * table that any row of the batch has a field for; a row without a field binds NULL there. Fields without a column
 * are left out, counted and logged once per field name.
 */
final class JdbcTableWriter implements BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTableWriter.class);
    /** Below every driver's limit on parameters per statement (SQLite 32766, PostgreSQL and MariaDB 65535). */
    static final int MAX_PARAMETERS = 30_000;
    private static final int MAX_FIELD_NAMES_LOGGED = 100;

    private final HikariDataSource pool;
    private final TableSchema schema;
    private final String actionName;
    private final LongAdder ignored = new LongAdder();
    private final Set<String> loggedFields = ConcurrentHashMap.newKeySet();
    /** Read once, again after a failure (the table may have been dropped or changed meanwhile). */
    private TableColumns columns;

    JdbcTableWriter(HikariDataSource pool, TableSchema schema, String actionName) {
        this.pool = pool;
        this.schema = schema;
        this.actionName = actionName;
    }

    @Override
    public int write(List<Map<String, Object>> rows) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                if (columns == null) {
                    columns = schema.resolve(c, rows.get(0));
                }
                int refused = insert(c, rows);
                c.commit();
                return refused;
            } catch (SQLException | RuntimeException e) {
                TableSchema.rollbackQuietly(c);
                columns = null;
                throw e;
            }
        }
    }

    private int insert(Connection c, List<Map<String, Object>> rows) throws SQLException {
        Map<Column, Integer> used = new LinkedHashMap<>();
        List<Object[]> values = new ArrayList<>(rows.size());
        List<Map<Column, Object>> mapped = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<Column, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : row.entrySet()) {
                Column col = columns.find(e.getKey());
                if (col == null) {
                    ignore(e.getKey());
                } else {
                    used.putIfAbsent(col, used.size());
                    m.put(col, e.getValue());
                }
            }
            if (!m.isEmpty()) {
                mapped.add(m);
            }
        }
        for (Map<Column, Object> m : mapped) {
            Object[] v = new Object[used.size()];
            m.forEach((col, value) -> v[used.get(col)] = value);
            values.add(v);
        }
        List<Column> cols = List.copyOf(used.keySet());
        int perStatement = Math.max(1, MAX_PARAMETERS / Math.max(1, cols.size()));
        for (int from = 0; from < values.size(); from += perStatement) {
            execute(c, cols, values.subList(from, Math.min(values.size(), from + perStatement)));
        }
        return rows.size() - mapped.size();
    }

    private void execute(Connection c, List<Column> cols, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(cols, rows.size()))) {
            int p = 1;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ValueBinder.bind(ps, p++, cols.get(i), row[i]);
                }
            }
            ps.executeUpdate();
        }
    }

    private String sql(List<Column> cols, int rows) {
        SqlDialect d = schema.dialect();
        StringBuilder sb = new StringBuilder(64 + rows * (cols.size() * 2 + 3)).append("INSERT INTO ")
                .append(schema.quotedTable()).append(" (");
        StringBuilder one = new StringBuilder("(");
        for (int i = 0; i < cols.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(d.quote(cols.get(i).name()));
            one.append(i == 0 ? "?" : ", ?");
        }
        one.append(')');
        sb.append(") VALUES ");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "" : ", ").append(one);
        }
        return sb.toString();
    }

    private void ignore(String field) {
        ignored.increment();
        if (loggedFields.size() < MAX_FIELD_NAMES_LOGGED && loggedFields.add(field)) {
            LOG.warn("Rule action {}: table {} has no column for the field '{}'; it is not written (logged once per"
                    + " field)", actionName, schema.table(), field);
        }
    }

    @Override
    public boolean isTransient(Exception failure) {
        return SqlFailures.isTransient(failure);
    }

    @Override
    public long ignoredFields() {
        return ignored.sum();
    }

    /** The pool belongs to the {@link JdbcDatabase}; it closes it after its actions. */
    @Override
    public void close() {
    }
}
