package io.wrenmq.broker.routing;

/**
 * A node of a topic-level tree ({@link SubscriptionTrie}, {@link MemoryRetainedStore}) with lock-free reads
 * and per-node locking for writes.
 *
 * <p>Lock discipline, which {@link TreeWrites} implements once for both trees: a node's children and payload
 * change only under its own monitor; a node is detached from its parent only while holding the parent's and
 * then the node's monitor (always parent before child, so no deadlock), only when it is empty, and it is then
 * marked {@link #removed} and never reused. Hence a node that is not removed is still linked to the root, and
 * a writer that finds its target removed simply starts again from the root.
 */
abstract class TreeNode<N extends TreeNode<N>> {
    final N parent;
    /** The level this node stands for in its parent (a literal, or "+" / "#" in the subscription trie). */
    final String level;
    /** Guarded by this node's monitor. */
    boolean removed;
    /** Literal children; null while there are none (most leaves), to keep small nodes small. */
    volatile LevelMap<N> children;

    TreeNode(N parent, String level) {
        this.parent = parent;
        this.level = level;
    }

    /** The child for level {@code s.substring(from, to)}, or null. Lock-free, allocation-free. */
    N child(String s, int from, int to) {
        LevelMap<N> kids = children;
        return kids == null ? null : kids.get(s, from, to);
    }

    /** A new, unattached child for a level. */
    abstract N newChild(String level);

    /** Links a child; the caller holds this node's monitor. */
    void attach(N child) {
        LevelMap<N> kids = children;
        if (kids == null) {
            kids = new LevelMap<>();
            kids.put(child.level, child);
            children = kids; // publish after the first put
        } else {
            kids.put(child.level, child);
        }
    }

    /** Unlinks a child; the caller holds this node's monitor. */
    void detach(N child) {
        LevelMap<N> kids = children;
        if (kids != null) {
            kids.remove(child.level);
            if (kids.size() == 0) {
                children = null;
            }
        }
    }

    /** Whether the node has neither payload nor children; the caller holds this node's monitor. */
    boolean isEmpty() {
        LevelMap<N> kids = children;
        return kids == null || kids.size() == 0;
    }
}
