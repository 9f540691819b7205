package io.wrenmq.server.rule.action;

/**
 * The table one rule writes to ({@code rules = [{table, sql}]}).
 *
 * @param table       a plain name (letters, digits, underscore); folded to lower case in PostgreSQL
 * @param createTable create it on first use when missing, with a column per field of the first row
 * @param timeColumn  the insert-time column of a created table (TimescaleDB partitions by it); a row field of
 *                    that name (e.g. {@code timestamp}, epoch milliseconds) fills it instead of the time of insert
 */
public record TableOptions(String table, boolean createTable, String timeColumn) {
    public static final String DEFAULT_TIME_COLUMN = "inserted_at";

    public TableOptions {
        SqlNames.checked(table, "table");
        SqlNames.checked(timeColumn, "time_column");
    }

    /** Created on first use, with the default insert-time column. */
    public static TableOptions of(String table) {
        return new TableOptions(table, true, DEFAULT_TIME_COLUMN);
    }
}
