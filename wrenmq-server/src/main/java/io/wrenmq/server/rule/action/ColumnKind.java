package io.wrenmq.server.rule.action;

import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a column holds, as far as binding a row's value to it is concerned. */
enum ColumnKind {
    INTEGER, REAL, BOOLEAN, TEXT, JSON, TIMESTAMP, OTHER;

    /**
     * The column made for a value when the table is created: Long -> INTEGER, Double -> REAL, Boolean -> BOOLEAN,
     * String -> TEXT, List and Map -> JSON; null says nothing about later values and becomes TEXT.
     */
    static ColumnKind ofValue(Object value) {
        if (value instanceof Long) {
            return INTEGER;
        }
        if (value instanceof Double) {
            return REAL;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        return value instanceof List || value instanceof Map ? JSON : TEXT;
    }

    /** An existing column, from DatabaseMetaData's DATA_TYPE and TYPE_NAME. */
    static ColumnKind ofColumn(int sqlType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("json") || name.equals("jsonb")) {
            return JSON;
        }
        if (name.equals("boolean") || name.equals("bool")) {
            return BOOLEAN; // SQLite reports its declared BOOLEAN as an INTEGER column
        }
        return switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> INTEGER;
            case Types.REAL, Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL -> REAL;
            case Types.BIT, Types.BOOLEAN -> BOOLEAN;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> TEXT;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> TIMESTAMP;
            default -> OTHER;
        };
    }
}
