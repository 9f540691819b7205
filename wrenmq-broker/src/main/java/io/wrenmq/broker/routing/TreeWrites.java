package io.wrenmq.broker.routing;

import io.wrenmq.codec.TopicSyntax;

import java.util.concurrent.atomic.AtomicInteger;

/** The write paths shared by both topic-level trees; see the lock discipline in {@link TreeNode}. */
final class TreeWrites {
    private TreeWrites() {
    }

    /**
     * The node for {@code path} (levels separated by '/', empty levels allowed), creating missing nodes, or
     * null when a concurrent prune removed a node on the way (the caller retries). Existing nodes are found
     * without locks; only the parent of a created node is locked.
     */
    static <N extends TreeNode<N>> N findOrCreate(N root, String path, AtomicInteger nodeCount) {
        N node = root;
        int start = 0;
        int len = path.length();
        while (true) {
            int end = TopicSyntax.levelEnd(path, start);
            N next = node.child(path, start, end);
            if (next == null) {
                next = createChild(node, path.substring(start, end), nodeCount);
                if (next == null) {
                    return null;
                }
            }
            node = next;
            if (end == len) {
                return node;
            }
            start = end + 1;
        }
    }

    /** The node for {@code path}, or null; lock-free. */
    static <N extends TreeNode<N>> N find(N root, String path) {
        N node = root;
        int start = 0;
        int len = path.length();
        while (node != null) {
            int end = TopicSyntax.levelEnd(path, start);
            node = node.child(path, start, end);
            if (end == len) {
                return node;
            }
            start = end + 1;
        }
        return null;
    }

    private static <N extends TreeNode<N>> N createChild(N parent, String level, AtomicInteger nodeCount) {
        synchronized (parent) {
            if (parent.removed) {
                return null;
            }
            N existing = parent.child(level, 0, level.length());
            if (existing != null) {
                return existing;
            }
            N child = parent.newChild(level);
            parent.attach(child);
            nodeCount.incrementAndGet();
            return child;
        }
    }

    /** Detaches {@code node} and then each ancestor while they are empty, so churn leaves no dead nodes. */
    static <N extends TreeNode<N>> void prune(N node, AtomicInteger nodeCount) {
        N n = node;
        while (n.parent != null) {
            N p = n.parent;
            synchronized (p) {
                synchronized (n) {
                    if (n.removed || !n.isEmpty()) {
                        return;
                    }
                    n.removed = true;
                    p.detach(n);
                    nodeCount.decrementAndGet();
                }
            }
            n = p;
        }
    }
}
