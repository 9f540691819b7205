package io.wrenmq.server.rule.action;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the target table's columns (DatabaseMetaData), creating the table first when it is missing and creation is
 * on. A created table has the auto id, one column per field of the first row (typed by its value, see
 * {@link ColumnKind#ofValue}) and the insert-time column; TimescaleDB makes it a hypertable on that column.
 */
final class TableSchema {
    private static final Logger LOG = LoggerFactory.getLogger(TableSchema.class);

    private final SqlDialect dialect;
    private final TableOptions options;
    private final String table;
    private final String timeColumn;
    private final String actionName;

    TableSchema(SqlDialect dialect, TableOptions options, String actionName) {
        this.dialect = dialect;
        this.options = options;
        this.table = dialect.fold(options.table());
        this.timeColumn = dialect.fold(options.timeColumn());
        this.actionName = actionName;
    }

    SqlDialect dialect() {
        return dialect;
    }

    String quotedTable() {
        return dialect.quote(table);
    }

    String table() {
        return table;
    }

    /** The writable columns; creates the table when missing. Any failure here is retried with backoff. */
    TableColumns resolve(Connection c, Map<String, Object> firstRow) throws SQLException {
        try {
            List<Column> columns = read(c);
            if (columns.isEmpty()) {
                if (!options.createTable()) {
                    throw new SQLException("it does not exist (create_table = false)");
                }
                create(c, firstRow);
                columns = read(c);
            }
            return new TableColumns(columns);
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw new SqlFailures.TableUnavailable("table " + table + ": " + e.getMessage(), e);
        }
    }

    private List<Column> read(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String catalog = dialect == SqlDialect.MARIADB ? c.getCatalog() : null;
        String schema = dialect.isPostgres() ? c.getSchema() : null;
        List<Column> writable = new ArrayList<>();
        // The name is a LIKE pattern ('_' matches any character): keep only the table itself.
        try (ResultSet rs = md.getColumns(catalog, schema, table, null)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME");
                if (!sameName(rs.getString("TABLE_NAME"), table) || isAutoId(rs, name)) {
                    continue;
                }
                int sqlType = rs.getInt("DATA_TYPE");
                writable.add(new Column(name, ColumnKind.ofColumn(sqlType, rs.getString("TYPE_NAME")), sqlType));
            }
        }
        c.commit(); // metadata queries may open a transaction (autocommit is off)
        return writable;
    }

    private boolean sameName(String a, String b) {
        return dialect.isPostgres() ? a.equals(b) : a.equalsIgnoreCase(b);
    }

    private boolean isAutoId(ResultSet rs, String name) throws SQLException {
        return "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT")) || name.equalsIgnoreCase(dialect.idColumn());
    }

    private void create(Connection c, Map<String, Object> firstRow) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quotedTable()).append(" (")
                .append(dialect.idColumnDefinition());
        Set<String> taken = new HashSet<>(Set.of(dialect.idColumn().toLowerCase(Locale.ROOT),
                timeColumn.toLowerCase(Locale.ROOT)));
        List<String> columns = new ArrayList<>();
        for (Map.Entry<String, Object> e : firstRow.entrySet()) {
            String name = dialect.fold(SqlNames.columnFor(e.getKey()));
            if (taken.add(name.toLowerCase(Locale.ROOT))) {
                ColumnKind kind = ColumnKind.ofValue(e.getValue());
                ddl.append(", ").append(dialect.quote(name)).append(' ').append(dialect.typeOf(kind));
                columns.add(name + " " + dialect.typeOf(kind));
            }
        }
        ddl.append(", ").append(dialect.timeColumnDefinition(timeColumn)).append(')');
        try (Statement s = c.createStatement()) {
            s.execute(ddl.toString());
        }
        c.commit();
        LOG.info("Rule action {}: created table {} ({}, {})", actionName, table, columns, timeColumn);
        if (dialect == SqlDialect.TIMESCALEDB) {
            Hypertables.make(c, quotedTable(), timeColumn, actionName);
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the pool replaces it
        }
    }
}
