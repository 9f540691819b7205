package io.wrenmq.broker.routing;

import java.util.Arrays;

/**
 * A node of the {@link SubscriptionTrie}: the subscriptions whose filter ends here, plus children. The '+'
 * and '#' children are kept apart from the literal ones so that matching a level costs one literal lookup plus
 * two field reads, and so that root wildcards can be skipped for '$' topics [MQTT-4.7.2-1]. A '#' child never
 * has children ('#' is last [MQTT-4.7.1-1]).
 *
 * <p>Entries and groups are copy-on-write arrays written under this node's monitor: match() reads one volatile
 * field and iterates a plain array.
 */
final class TrieNode<S> extends TreeNode<TrieNode<S>> {
    @SuppressWarnings("rawtypes")
    private static final SubscriptionEntry[] NO_ENTRIES = new SubscriptionEntry[0];
    @SuppressWarnings("rawtypes")
    private static final SharedGroup[] NO_GROUPS = new SharedGroup[0];

    volatile TrieNode<S> plus;
    volatile TrieNode<S> hash;
    @SuppressWarnings("unchecked")
    volatile SubscriptionEntry<S>[] entries = NO_ENTRIES;
    @SuppressWarnings("unchecked")
    volatile SharedGroup<S>[] groups = NO_GROUPS;

    TrieNode(TrieNode<S> parent, String level) {
        super(parent, level);
    }

    private static boolean isLevel(String s, int from, int to, char wildcard) {
        return to - from == 1 && s.charAt(from) == wildcard;
    }

    @Override
    TrieNode<S> child(String s, int from, int to) {
        if (isLevel(s, from, to, '+')) {
            return plus;
        }
        if (isLevel(s, from, to, '#')) {
            return hash;
        }
        return super.child(s, from, to);
    }

    @Override
    TrieNode<S> newChild(String level) {
        return new TrieNode<>(this, level);
    }

    @Override
    void attach(TrieNode<S> child) {
        switch (child.level) {
            case "+" -> plus = child;
            case "#" -> hash = child;
            default -> super.attach(child);
        }
    }

    @Override
    void detach(TrieNode<S> child) {
        switch (child.level) {
            case "+" -> plus = null;
            case "#" -> hash = null;
            default -> super.detach(child);
        }
    }

    @Override
    boolean isEmpty() {
        return entries.length == 0 && groups.length == 0 && plus == null && hash == null && super.isEmpty();
    }

    /** Adds or replaces the client's entry; returns the replaced one. Caller holds this monitor. */
    SubscriptionEntry<S> putEntry(SubscriptionEntry<S> entry) {
        SubscriptionEntry<S>[] cur = entries;
        int i = indexOf(cur, entry.clientId());
        SubscriptionEntry<S>[] next = Arrays.copyOf(cur, i < 0 ? cur.length + 1 : cur.length);
        next[i < 0 ? cur.length : i] = entry;
        entries = next;
        return i < 0 ? null : cur[i];
    }

    /** Removes the client's entry; returns it or null. Caller holds this monitor. */
    SubscriptionEntry<S> removeEntry(String clientId) {
        SubscriptionEntry<S>[] cur = entries;
        int i = indexOf(cur, clientId);
        if (i < 0) {
            return null;
        }
        entries = without(cur, i);
        return cur[i];
    }

    SharedGroup<S> group(String name) {
        for (SharedGroup<S> g : groups) {
            if (g.group().equals(name)) {
                return g;
            }
        }
        return null;
    }

    /** Caller holds this monitor. */
    void addGroup(SharedGroup<S> group) {
        SharedGroup<S>[] cur = groups;
        SharedGroup<S>[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = group;
        groups = next;
    }

    /** Caller holds this monitor. */
    void removeGroup(SharedGroup<S> group) {
        SharedGroup<S>[] cur = groups;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i] == group) {
                groups = without(cur, i);
                return;
            }
        }
    }

    static <S> int indexOf(SubscriptionEntry<S>[] entries, String clientId) {
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].clientId().equals(clientId)) {
                return i;
            }
        }
        return -1;
    }

    /** A copy of the array without index i, keeping order. */
    static <T> T[] without(T[] a, int i) {
        T[] next = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, i + 1, next, i, a.length - 1 - i);
        return next;
    }
}
