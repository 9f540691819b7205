package io.wrenmq.server.rule.action;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells a database that is away or busy (retry the batch) from rows it refuses (split the batch, fail the bad
 * rows). Unknown failures count as transient: blocking the queue until someone looks loses less than dropping.
 */
final class SqlFailures {
    private SqlFailures() {
    }

    static boolean isTransient(Exception e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true; // includes HikariCP's "connection is not available" and our TableUnavailable
        }
        if (!(e instanceof SQLException sql)) {
            return false; // not from the database: a value we could not bind
        }
        if (sql instanceof SQLiteException lite && lite.getResultCode() != null) {
            return sqliteTransient(lite.getResultCode().code & 0xFF);
        }
        String state = sql.getSQLState();
        if (state == null || state.length() < 2) {
            return true;
        }
        // SQLSTATE classes: 08 connection, 25 transaction state, 40 rollback (deadlock, serialization), 53
        // insufficient resources, 55 lock not available, 57 operator intervention (shutdown, cancel), 58 system
        // error. Refusals are 22 (data), 23 (constraints), 42 (names, types, rights), 0A, 21, 54.
        return switch (state.substring(0, 2)) {
            case "08", "25", "40", "53", "55", "57", "58" -> true;
            default -> false;
        };
    }

    private static boolean sqliteTransient(int primary) {
        return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code
                || primary == SQLiteErrorCode.SQLITE_IOERR.code || primary == SQLiteErrorCode.SQLITE_FULL.code
                || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code || primary == SQLiteErrorCode.SQLITE_READONLY.code
                || primary == SQLiteErrorCode.SQLITE_PROTOCOL.code || primary == SQLiteErrorCode.SQLITE_NOMEM.code;
    }

    /** The table could not be read or created (no rights, no server, create_table off): retried. */
    static final class TableUnavailable extends SQLTransientException {
        TableUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
