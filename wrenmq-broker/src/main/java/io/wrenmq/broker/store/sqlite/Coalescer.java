package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.sqlite.StoreWriter.Pending;
import io.wrenmq.broker.store.sqlite.WriteOp.AddMessage;
import io.wrenmq.broker.store.sqlite.WriteOp.Cancelled;
import io.wrenmq.broker.store.sqlite.WriteOp.DeleteDelivery;
import io.wrenmq.broker.store.sqlite.WriteOp.MarkInflight;
import io.wrenmq.broker.store.sqlite.WriteOp.MarkReleased;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Write coalescing: before a batch is applied, cancels the deliveries it adds and deletes again itself. Under
 * load an online subscriber acknowledges a message before the writer gets to it, so one batch holds
 * addMessage(M, [d]), markInflight(d) and deleteDelivery(d): five statements with no net effect. The delivery
 * is dropped from the addMessage (which runs no SQL at all once none is left), the marks of it in between and
 * the delete become {@link Cancelled}.
 *
 * <p>The committed end state stays that of applying every write in order:
 * <ul>
 * <li>only the first addMessage of a message in the batch is a candidate, and only if the message had no
 * delivery before the batch: its deliveries are then new rows, not INSERT OR IGNOREs that keep an older one;
 * <li>a deleteDelivery cancels the candidate delivery of the same (client, message) only when it comes after
 * the addMessage; one of an earlier batch's delivery, or one that comes first, is applied;
 * <li>the marks in between only changed the row that is gone after the delete; marks before or after are
 * applied (they find no row either way);
 * <li>a second addMessage of the message ends its candidacy: its INSERT OR IGNORE depends on the rows there;
 * <li>a deleteSession in between removes the row and its reference just as the delete would have.
 * </ul>
 * A cancelled write keeps its place in the batch, so its future completes when the transaction holding that
 * place commits and fails when that transaction fails, like any write; it cannot fail by itself. Only the
 * writer thread calls this, with {@link RefCounts} as committed (between batches).
 */
final class Coalescer {
    private Coalescer() {
    }

    /** The first addMessage in the batch of a message that had no delivery before it. */
    private static final class Candidate {
        final int index;
        /** Client of each delivery that may still be cancelled → batch indices of its marks since the add. */
        final Map<String, List<Integer>> open = new HashMap<>();
        final Set<String> cancelled = new HashSet<>();

        Candidate(int index, AddMessage add) {
            this.index = index;
            for (StoredDelivery d : add.deliveries()) {
                open.putIfAbsent(d.clientId(), new ArrayList<>(2));
            }
        }
    }

    /** Rewrites {@code batch} in place, each cancelled write keeping its future and its position. */
    static void coalesce(List<Pending> batch, RefCounts refs) {
        if (batch.size() < 2) {
            return;
        }
        Set<Long> added = new HashSet<>();
        Map<Long, Candidate> candidates = new HashMap<>();
        List<Candidate> changed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            WriteOp op = batch.get(i).op();
            if (op instanceof AddMessage a) {
                long id = a.message().id();
                if (!added.add(id)) {
                    candidates.remove(id); // added again: nothing after this is cancelled for it
                } else if (refs.get(id) == 0) {
                    candidates.put(id, new Candidate(i, a));
                }
            } else if (op instanceof MarkInflight m) {
                marked(candidates, m.clientId(), m.messageId(), i);
            } else if (op instanceof MarkReleased m) {
                marked(candidates, m.clientId(), m.messageId(), i);
            } else if (op instanceof DeleteDelivery d) {
                Candidate c = candidates.get(d.messageId());
                List<Integer> cancel = c == null ? null : c.open.remove(d.clientId());
                if (cancel != null) {
                    cancel.add(i);
                    for (int w : cancel) {
                        batch.set(w, new Pending(new Cancelled(d.messageId()), batch.get(w).future()));
                    }
                    if (c.cancelled.isEmpty()) {
                        changed.add(c);
                    }
                    c.cancelled.add(d.clientId());
                }
            }
        }
        for (Candidate c : changed) {
            Pending p = batch.get(c.index);
            AddMessage a = (AddMessage) p.op();
            List<StoredDelivery> left = a.deliveries().stream().filter(d -> !c.cancelled.contains(d.clientId()))
                    .toList();
            WriteOp op = left.isEmpty() ? new Cancelled(a.message().id()) : new AddMessage(a.message(), left);
            batch.set(c.index, new Pending(op, p.future()));
        }
    }

    private static void marked(Map<Long, Candidate> candidates, String clientId, long messageId, int index) {
        Candidate c = candidates.get(messageId);
        List<Integer> marks = c == null ? null : c.open.get(clientId);
        if (marks != null) {
            marks.add(index);
        }
    }
}
