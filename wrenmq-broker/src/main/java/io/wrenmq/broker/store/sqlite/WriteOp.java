package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.message.StoredMessage;
import io.wrenmq.broker.store.StoredDelivery;
import java.sql.SQLException;
import java.util.List;

/**
 * One queued store write, applied by the writer thread inside its current transaction. The writes that
 * {@link Coalescer} looks at are records, so it can tell what they do; the others stay lambdas.
 */
@FunctionalInterface
interface WriteOp {
    void apply(Writes writes) throws SQLException;

    record AddMessage(StoredMessage message, List<StoredDelivery> deliveries) implements WriteOp {
        @Override
        public void apply(Writes writes) throws SQLException {
            writes.addMessage(message, deliveries);
        }
    }

    /**
     * An addMessage with one delivery, to an online in-process subscriber that forwards it (a bridge):
     * {@link HeldWrites} may hold it back and cancel it when the delivery is deleted soon. Applied, it is an
     * addMessage.
     */
    record AddForwarded(StoredMessage message, StoredDelivery delivery) implements WriteOp {
        @Override
        public void apply(Writes writes) throws SQLException {
            writes.addMessage(message, List.of(delivery));
        }
    }

    record MarkInflight(String clientId, long messageId, int packetId) implements WriteOp {
        @Override
        public void apply(Writes writes) throws SQLException {
            writes.markInflight(clientId, messageId, packetId);
        }
    }

    record MarkReleased(String clientId, long messageId) implements WriteOp {
        @Override
        public void apply(Writes writes) throws SQLException {
            writes.markReleased(clientId, messageId);
        }
    }

    record DeleteDelivery(String clientId, long messageId) implements WriteOp {
        @Override
        public void apply(Writes writes) throws SQLException {
            writes.deleteDelivery(clientId, messageId);
        }
    }

    /**
     * A write {@link Coalescer} found to have no net effect within its batch: it stays in its place, so its
     * future completes (or fails) with the transaction it belongs to, but runs no SQL. It only keeps the message
     * id from being handed out again after a restart, as an applied addMessage would.
     */
    record Cancelled(long messageId) implements WriteOp {
        @Override
        public void apply(Writes writes) {
            writes.idUsed(messageId);
        }
    }
}
