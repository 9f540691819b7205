package io.wrenmq.broker.store.sqlite;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns sqlite-jdbc exceptions into what a user reads and what the store decides on. */
final class SqliteErrors {
    /** sqlite-jdbc writes "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)". */
    private static final Pattern SQLITE_TEXT = Pattern.compile("\\(([^()]+)\\)\\s*$");

    private SqliteErrors() {
    }

    /** SQLITE_CORRUPT or SQLITE_NOTADB (any extended code of them): the file's content is damaged. */
    static boolean isCorrupt(Throwable e) {
        if (e instanceof SQLiteException se && se.getResultCode() != null) {
            int primary = se.getResultCode().code & 0xFF;
            return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
        }
        return false;
    }

    /** SQLite's own short text ("database or disk is full"), or the exception's message for anything else. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof SQLiteException && message.startsWith("[SQLITE_")) {
            Matcher m = SQLITE_TEXT.matcher(message);
            if (m.find()) {
                return m.group(1);
            }
        }
        return message;
    }
}
