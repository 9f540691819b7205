package io.wrenmq.broker.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The literal children of a tree node, keyed by topic level. Unlike a ConcurrentHashMap, {@link #get} takes a
 * region of a larger string, so looking up each level of a topic allocates no substring: that keeps
 * {@link SubscriptionTrie#match} allocation-free. Reads are lock-free; writes must be serialized by the caller
 * (the owning node's monitor).
 *
 * <p>Chains are immutable: a write builds new entries and publishes them with a release store, and a resize
 * publishes a whole new table, so a reader always walks a consistent chain. Keys hash like
 * {@link String#hashCode()}, so stored keys use their cached hash.
 */
final class LevelMap<V> {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final int MIN_CAPACITY = 2;

    private static final class Entry<V> {
        final String key;
        final int hash;
        final V value;
        final Entry<V> next;

        Entry(String key, int hash, V value, Entry<V> next) {
            this.key = key;
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    private volatile Entry<V>[] table = newTable(MIN_CAPACITY);
    private int size; // written only by the (serialized) writer; read by it and by isEmpty() under the same lock

    /** The value for the key {@code s.substring(from, to)}, or null; lock-free and allocation-free. */
    @SuppressWarnings("unchecked")
    V get(String s, int from, int to) {
        int h = spread(regionHash(s, from, to));
        int n = to - from;
        Entry<V>[] tab = table;
        for (Entry<V> e = (Entry<V>) SLOT.getAcquire(tab, h & (tab.length - 1)); e != null; e = e.next) {
            if (e.hash == h && e.key.length() == n && e.key.regionMatches(0, s, from, n)) {
                return e.value;
            }
        }
        return null;
    }

    V get(String key) {
        return get(key, 0, key.length());
    }

    /**
     * Adds or replaces; returns the previous value. Caller serializes writes. A replacement is a remove then an
     * add, so a concurrent reader may briefly miss the key; the trees only ever add absent keys.
     */
    @SuppressWarnings("unchecked")
    V put(String key, V value) {
        V old = remove(key);
        if (size + 1 > table.length - (table.length >>> 2)) {
            resize(table.length << 1);
        }
        Entry<V>[] tab = table;
        int h = spread(key.hashCode());
        int i = h & (tab.length - 1);
        SLOT.setRelease(tab, i, new Entry<>(key, h, value, (Entry<V>) SLOT.getAcquire(tab, i)));
        size++;
        return old;
    }

    /** Removes; returns the previous value or null. Shrinks a sparse table so churn does not leave big ones. */
    @SuppressWarnings("unchecked")
    V remove(String key) {
        Entry<V>[] tab = table;
        int h = spread(key.hashCode());
        int i = h & (tab.length - 1);
        Entry<V> head = (Entry<V>) SLOT.getAcquire(tab, i);
        Entry<V> target = head;
        while (target != null && !(target.hash == h && target.key.equals(key))) {
            target = target.next;
        }
        if (target == null) {
            return null;
        }
        // copy the entries in front of the removed one, so readers on the old chain are not disturbed
        Entry<V> rebuilt = target.next;
        for (Entry<V> e = head; e != target; e = e.next) {
            rebuilt = new Entry<>(e.key, e.hash, e.value, rebuilt);
        }
        SLOT.setRelease(tab, i, rebuilt);
        size--;
        if (tab.length > MIN_CAPACITY && size < tab.length >>> 3) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size)) << 2));
        }
        return target.value;
    }

    int size() {
        return size;
    }

    /** Visits every value; weakly consistent when writes run concurrently. */
    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> action) {
        Entry<V>[] tab = table;
        for (int i = 0; i < tab.length; i++) {
            for (Entry<V> e = (Entry<V>) SLOT.getAcquire(tab, i); e != null; e = e.next) {
                action.accept(e.value);
            }
        }
    }

    /** Table length, for tests of shrinking. */
    int capacity() {
        return table.length;
    }

    @SuppressWarnings("unchecked")
    private void resize(int capacity) {
        Entry<V>[] old = table;
        Entry<V>[] tab = newTable(capacity);
        for (int i = 0; i < old.length; i++) {
            for (Entry<V> e = (Entry<V>) SLOT.getAcquire(old, i); e != null; e = e.next) {
                int j = e.hash & (capacity - 1);
                tab[j] = new Entry<>(e.key, e.hash, e.value, tab[j]);
            }
        }
        table = tab; // volatile write publishes the filled table
    }

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int capacity) {
        return (Entry<V>[]) new Entry<?>[capacity];
    }

    /** {@link String#hashCode()} of {@code s.substring(from, to)} without creating it. */
    private static int regionHash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
