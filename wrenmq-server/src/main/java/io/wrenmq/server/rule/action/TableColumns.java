package io.wrenmq.server.rule.action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The writable columns of the target table, found by row key: case-insensitively (NanoMQ's SQLite and MySQL tables
 * have {@code Topic}, {@code Payload}; the rule engine's keys are {@code topic}, {@code payload}), after
 * {@link SqlNames#columnFor}. The auto id is not writable.
 */
final class TableColumns {
    private final Map<String, Column> byName = new LinkedHashMap<>();

    TableColumns(List<Column> writable) {
        for (Column c : writable) {
            byName.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c);
        }
    }

    /** The column for a row key, or null when the table has none. */
    Column find(String key) {
        return byName.get(SqlNames.columnFor(key).toLowerCase(Locale.ROOT));
    }
}
