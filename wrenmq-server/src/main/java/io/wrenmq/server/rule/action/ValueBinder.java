package io.wrenmq.server.rule.action;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Binds a row value to its column's parameter, converted to what the column holds: numbers and booleans into text
 * columns as text, JSON values into JSON or text columns as JSON text, epoch milliseconds into timestamp columns,
 * numeric text into number columns. A value that cannot be converted is bound as it is and the database decides
 * (a refusal fails that row only).
 */
final class ValueBinder {
    private ValueBinder() {
    }

    static void bind(PreparedStatement ps, int index, Column column, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, column.sqlType());
            return;
        }
        switch (column.kind()) {
            case INTEGER -> integer(ps, index, value);
            case REAL -> real(ps, index, value);
            case BOOLEAN -> bool(ps, index, value);
            case TEXT -> ps.setString(index, text(value));
            // setObject with the column's own type: PostgreSQL casts the text to json/jsonb itself.
            case JSON -> ps.setObject(index, JsonText.forJsonColumn(value), column.sqlType());
            case TIMESTAMP -> timestamp(ps, index, value);
            default -> other(ps, index, column, value);
        }
    }

    /**
     * A column type we do not map (uuid, inet, enum...): PostgreSQL reports those as OTHER and casts text sent with
     * that type itself; other drivers convert the value.
     */
    private static void other(PreparedStatement ps, int index, Column column, Object value) throws SQLException {
        if (column.sqlType() == Types.OTHER) {
            ps.setObject(index, text(value), Types.OTHER);
        } else {
            ps.setObject(index, value instanceof List || value instanceof Map ? JsonText.of(value) : value);
        }
    }

    private static void integer(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Double d) {
            ps.setDouble(index, d);
        } else if (value instanceof Boolean b) {
            ps.setLong(index, b ? 1 : 0);
        } else if (value instanceof String s && isLong(s)) {
            ps.setLong(index, Long.parseLong(s.trim()));
        } else {
            ps.setString(index, text(value));
        }
    }

    private static void real(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Long || value instanceof Double) {
            ps.setDouble(index, ((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            ps.setDouble(index, b ? 1 : 0);
        } else if (value instanceof String s && isDouble(s)) {
            ps.setDouble(index, Double.parseDouble(s.trim()));
        } else {
            ps.setString(index, text(value));
        }
    }

    private static void bool(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof Long || value instanceof Double) {
            ps.setBoolean(index, ((Number) value).doubleValue() != 0);
        } else if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            ps.setBoolean(index, Boolean.parseBoolean(s));
        } else {
            ps.setString(index, text(value));
        }
    }

    /** Epoch milliseconds (the rule engine's timestamp) or ISO-8601 text. */
    private static void timestamp(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Long || value instanceof Double) {
            ps.setTimestamp(index, new Timestamp(((Number) value).longValue()));
            return;
        }
        if (value instanceof String s) {
            try {
                ps.setTimestamp(index, Timestamp.from(Instant.parse(s.trim())));
                return;
            } catch (DateTimeParseException notIso) {
                // bound as text below: the database may know the format
            }
        }
        ps.setString(index, text(value));
    }

    private static String text(Object value) {
        return value instanceof String s ? s : value instanceof List || value instanceof Map ? JsonText.of(value)
                : String.valueOf(value);
    }

    private static boolean isLong(String s) {
        try {
            Long.parseLong(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDouble(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
