package io.wrenmq.broker.store.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How many deliveries still reference each stored message, so the message row can be deleted with its last
 * delivery without asking SQLite. Owned by the writer thread.
 *
 * <p>The counts must match what is committed: a rolled-back transaction undid the row changes, so every change
 * is logged and {@link #rollbackTo} restores the counts as of a {@link #mark()}; {@link #commit()} forgets the
 * log once the transaction is durable.
 */
final class RefCounts {
    private record Undo(long messageId, int previous) {
    }

    private final Map<Long, Integer> counts;
    private final List<Undo> undo = new ArrayList<>();

    /** Starts from the counts read at open (taken over, not copied). */
    RefCounts(Map<Long, Integer> counts) {
        this.counts = counts;
    }

    /** Adds {@code delta} to a message's count and returns the new count; at 0 or below the entry is removed. */
    int add(long messageId, int delta) {
        Integer previous = counts.get(messageId);
        int before = previous == null ? 0 : previous;
        undo.add(new Undo(messageId, before));
        int after = before + delta;
        if (after > 0) {
            counts.put(messageId, after);
        } else {
            counts.remove(messageId);
        }
        return after;
    }

    int get(long messageId) {
        return counts.getOrDefault(messageId, 0);
    }

    int mark() {
        return undo.size();
    }

    /** Undoes every change made since {@code mark}, newest first. */
    void rollbackTo(int mark) {
        for (int i = undo.size() - 1; i >= mark; i--) {
            Undo u = undo.remove(i);
            if (u.previous() > 0) {
                counts.put(u.messageId(), u.previous());
            } else {
                counts.remove(u.messageId());
            }
        }
    }

    void commit() {
        undo.clear();
    }

    int size() {
        return counts.size();
    }
}
