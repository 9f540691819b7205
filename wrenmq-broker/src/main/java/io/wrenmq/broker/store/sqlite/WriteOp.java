package io.wrenmq.broker.store.sqlite;

import java.sql.SQLException;

/** One queued store write, applied by the writer thread inside its current transaction. */
@FunctionalInterface
interface WriteOp {
    void apply(Writes writes) throws SQLException;
}
