package io.wrenmq.broker.store.sqlite;

import io.wrenmq.broker.store.StoredDelivery;
import io.wrenmq.broker.store.sqlite.StoreWriter.Pending;
import io.wrenmq.broker.store.sqlite.WriteOp.AddForwarded;
import io.wrenmq.broker.store.sqlite.WriteOp.AddMessage;
import io.wrenmq.broker.store.sqlite.WriteOp.Cancelled;
import io.wrenmq.broker.store.sqlite.WriteOp.DeleteDelivery;
import io.wrenmq.broker.store.sqlite.WriteOp.MarkInflight;
import io.wrenmq.broker.store.sqlite.WriteOp.MarkReleased;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds back the inserts of forwarded messages ({@link AddForwarded}: one delivery, to an online in-process
 * subscriber such as a bridge) for up to {@code holdNanos}, because the remote broker's acknowledgement usually
 * comes first: the delivery's delete then cancels the insert and the message never costs a disk write. The batch
 * coalescing in {@link Coalescer} only sees writes that fall into one batch; with a bridge the message waits in
 * the session's queue and for the remote's round trip, which spans several batches, so without holding back each
 * forwarded message was inserted and deleted with SQL (half of a core at 50,000 msg/s).
 *
 * <p>What keeps the committed end state that of applying every write in order:
 * <ul>
 * <li>every later write about a held message (its marks; its delete) is held with it and applied after it, in
 * order, when the entry is released; nothing else writes about that message (it has one delivery);
 * <li>a delete of the held delivery cancels the entry: the insert, the marks and the delete all become
 * {@link Cancelled} at the delete's place, so their futures complete with that batch and the id stays used;
 * <li>a plain insert with a delivery for a client that has held entries releases that client's entries in front
 * of it: a session's deliveries are restored in insert order, so its messages keep their order after a restart
 * (a forwarded message held while the bridge was online, then the next one written at once because it went
 * offline);
 * <li>any write this class cannot reason about (session, subscription, retained, inbound QoS 2, purge) releases
 * every held entry in front of it, so it still comes after them (a session's delete after its deliveries);
 * <li>an entry is released after {@code holdNanos} in any case, and all of them when the store closes.
 * </ul>
 * The held insert's future completes only when it (or its cancellation) commits, so the publisher's
 * acknowledgement still waits for the store or for the remote's (see MessageRouter): a crash while a message is
 * held loses only what the remote already has or the publisher has not been acknowledged for. Only the writer
 * thread uses this class.
 */
final class HeldWrites {
    /** A held insert and the later writes about its message, in order. */
    private static final class Entry {
        final long since;
        final String clientId;
        final List<Pending> writes = new ArrayList<>(3);

        Entry(long since, String clientId, Pending add) {
            this.since = since;
            this.clientId = clientId;
            this.writes.add(add);
        }
    }

    private final long holdNanos;
    /** By message id; insertion order is age order. */
    private final LinkedHashMap<Long, Entry> held = new LinkedHashMap<>();
    /** Held entries per client, to tell quickly whether a plain insert must release some first. */
    private final Map<String, Integer> heldPerClient = new HashMap<>();
    private long cancelled;

    HeldWrites(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    /**
     * Rewrites {@code batch} (collected at {@code now}, System.nanoTime): takes forwarded inserts out, adds the
     * writes they held to their entries, cancels entries whose delivery was deleted, and puts in the entries
     * that are due. Returns the writes to apply now, in order.
     */
    List<Pending> process(List<Pending> batch, long now) {
        if (held.isEmpty() && !containsForwarded(batch)) {
            return batch;
        }
        List<Pending> out = new ArrayList<>(batch.size() + 8);
        for (Pending p : batch) {
            WriteOp op = p.op();
            if (op instanceof AddForwarded f) {
                if (held.containsKey(f.message().id())) {
                    releaseAll(out); // cannot happen (ids are unique): keep the order anyway
                }
                held.put(f.message().id(), new Entry(now, f.delivery().clientId(), p));
                heldPerClient.merge(f.delivery().clientId(), 1, Integer::sum);
            } else if (op instanceof MarkInflight m) {
                holdOrPass(m.messageId(), p, out);
            } else if (op instanceof MarkReleased m) {
                holdOrPass(m.messageId(), p, out);
            } else if (op instanceof DeleteDelivery d) {
                Entry e = held.get(d.messageId());
                if (e == null) {
                    out.add(p);
                } else if (e.clientId.equals(d.clientId())) {
                    forget(held.remove(d.messageId()));
                    e.writes.add(p);
                    for (Pending w : e.writes) {
                        out.add(new Pending(new Cancelled(d.messageId()), w.future()));
                    }
                    cancelled++;
                } else {
                    e.writes.add(p); // another client's delivery: no row either way, keep its place after the insert
                }
            } else if (op instanceof AddMessage a) {
                for (StoredDelivery d : a.deliveries()) {
                    releaseClient(d.clientId(), out);
                }
                out.add(p);
            } else if (op instanceof Cancelled) {
                out.add(p);
            } else {
                releaseAll(out);
                out.add(p);
            }
        }
        releaseDue(now, out);
        return out;
    }

    /** Puts every held entry into {@code out}, oldest first (the store is closing). */
    void releaseAll(List<Pending> out) {
        for (Entry e : held.values()) {
            release(e, out);
        }
        held.clear();
        heldPerClient.clear();
    }

    /** When the oldest held entry is due (System.nanoTime), or Long.MAX_VALUE when none is held. */
    long nextDue() {
        if (held.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return held.values().iterator().next().since + holdNanos;
    }

    int size() {
        return held.size();
    }

    /** Forwarded inserts that were cancelled without a disk write, since the store opened. */
    long cancelledCount() {
        return cancelled;
    }

    private void holdOrPass(long messageId, Pending p, List<Pending> out) {
        Entry e = held.get(messageId);
        if (e == null) {
            out.add(p);
        } else {
            e.writes.add(p);
        }
    }

    private void releaseDue(long now, List<Pending> out) {
        Iterator<Map.Entry<Long, Entry>> it = held.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (now - e.since < holdNanos) {
                return; // age order: the rest are younger
            }
            release(e, out);
            it.remove();
            forget(e);
        }
    }

    /** Puts the client's held entries into {@code out}, oldest first. */
    private void releaseClient(String clientId, List<Pending> out) {
        if (!heldPerClient.containsKey(clientId)) {
            return;
        }
        Iterator<Entry> it = held.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.clientId.equals(clientId)) {
                release(e, out);
                it.remove();
            }
        }
        heldPerClient.remove(clientId);
    }

    private void forget(Entry e) {
        heldPerClient.computeIfPresent(e.clientId, (c, n) -> n == 1 ? null : n - 1);
    }

    /** The insert becomes a plain AddMessage, followed by what was held with it. */
    private static void release(Entry e, List<Pending> out) {
        Pending add = e.writes.get(0);
        AddForwarded f = (AddForwarded) add.op();
        out.add(new Pending(new AddMessage(f.message(), List.of(f.delivery())), add.future()));
        for (int i = 1; i < e.writes.size(); i++) {
            out.add(e.writes.get(i));
        }
    }

    private static boolean containsForwarded(List<Pending> batch) {
        for (Pending p : batch) {
            if (p.op() instanceof AddForwarded) {
                return true;
            }
        }
        return false;
    }
}
