package io.wrenmq.server.rule.action;

/**
 * A column of the target table, as the database reports it.
 *
 * @param name    as written in the database (used quoted)
 * @param sqlType java.sql.Types code, for typed NULLs
 */
record Column(String name, ColumnKind kind, int sqlType) {
}
