package io.wrenmq.broker.store.sqlite;

import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertiesBytes;
import io.wrenmq.codec.PropertyContext;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** How values that SQLite has no column type for are kept in a row. */
final class Rows {
    private static final int[] NO_IDS = new int[0];

    private Rows() {
    }

    /** Subscription Identifiers as 4-byte big-endian integers (a zero-length blob when there are none). */
    static byte[] ids(int[] ids) {
        ByteBuffer buf = ByteBuffer.allocate(ids.length * Integer.BYTES);
        for (int id : ids) {
            buf.putInt(id);
        }
        return buf.array();
    }

    static int[] ids(byte[] blob, String where) throws SQLException {
        if (blob == null || blob.length == 0) {
            return NO_IDS;
        }
        if (blob.length % Integer.BYTES != 0) {
            throw damaged(where, "subscription identifiers of " + blob.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(blob);
        int[] ids = new int[blob.length / Integer.BYTES];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = buf.getInt();
        }
        return ids;
    }

    static byte[] properties(Properties properties) {
        return PropertiesBytes.toBytes(properties);
    }

    /**
     * Decodes a property blob. A blob that does not decode means the file was damaged, so it is reported like
     * any other corruption SQLite finds (and handled by {@code persistence.corrupt_file}).
     */
    static Properties properties(byte[] blob, PropertyContext context, String where) throws SQLException {
        try {
            return PropertiesBytes.fromBytes(blob, context);
        } catch (IllegalArgumentException e) {
            throw damaged(where, e.getMessage());
        }
    }

    static SQLException damaged(String where, String what) {
        return new SQLiteException("damaged row in " + where + ": " + what, SQLiteErrorCode.SQLITE_CORRUPT);
    }
}
