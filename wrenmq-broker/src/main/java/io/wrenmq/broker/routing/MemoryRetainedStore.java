package io.wrenmq.broker.routing;

import io.wrenmq.codec.TopicSyntax;

import io.wrenmq.broker.message.RetainedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory {@link RetainedStore}: a tree of topic levels, so a filter's literal levels are index lookups
 * and only wildcard levels visit several children. Reads are lock-free; writes lock the topic's node (see
 * {@link TreeNode}); nodes are pruned when their message is removed.
 */
public final class MemoryRetainedStore implements RetainedStore {
    private final RetainedNode root = new RetainedNode(null, "");
    private final AtomicInteger nodes = new AtomicInteger();
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public void put(RetainedMessage message) {
        Objects.requireNonNull(message, "message");
        if (message.topic().isEmpty()) {
            throw new IllegalArgumentException("empty topic name [MQTT-4.7.3-1]");
        }
        if (message.payload().length == 0) {
            remove(message.topic()); // [MQTT-3.3.1-6]; the empty message itself is not retained [MQTT-3.3.1-7]
            return;
        }
        while (true) {
            RetainedNode node = TreeWrites.findOrCreate(root, message.topic(), nodes);
            if (node == null) {
                continue; // raced with a prune; start again
            }
            synchronized (node) {
                if (node.removed) {
                    continue;
                }
                if (node.message == null) {
                    size.incrementAndGet();
                }
                node.message = message;
                return;
            }
        }
    }

    @Override
    public RetainedMessage get(String topic) {
        RetainedNode node = TreeWrites.find(root, topic);
        return node == null ? null : node.message;
    }

    @Override
    public boolean remove(String topic) {
        return removeIf(topic, null, 0);
    }

    /** Removes the topic's message if it is {@code expected} (any when null) and, with a non-null expected,
     * expired at {@code nowMillis}. */
    private boolean removeIf(String topic, RetainedMessage expected, long nowMillis) {
        while (true) {
            RetainedNode node = TreeWrites.find(root, topic);
            if (node == null) {
                return false;
            }
            synchronized (node) {
                if (node.removed) {
                    continue;
                }
                RetainedMessage current = node.message;
                if (current == null || expected != null && (current != expected || !current.isExpired(nowMillis))) {
                    return false;
                }
                node.message = null;
                size.decrementAndGet();
            }
            TreeWrites.prune(node, nodes);
            return true;
        }
    }

    @Override
    public void match(String filter, long nowMillis, Consumer<RetainedMessage> sink) {
        Objects.requireNonNull(sink, "sink");
        if (filter.isEmpty()) {
            return;
        }
        new Matcher(filter, nowMillis, sink).level(root, 0, true);
    }

    /** One match call's state, so the recursion passes only the node and position. */
    private static final class Matcher {
        private final String filter;
        private final long now;
        private final Consumer<RetainedMessage> sink;

        Matcher(String filter, long now, Consumer<RetainedMessage> sink) {
            this.filter = filter;
            this.now = now;
            this.sink = sink;
        }

        /** Matches the filter level starting at {@code start} against the children of {@code node}. */
        void level(RetainedNode node, int start, boolean atRoot) {
            int end = TopicSyntax.levelEnd(filter, start);
            boolean wildcard = end - start == 1 && (filter.charAt(start) == '#' || filter.charAt(start) == '+');
            if (!wildcard) {
                RetainedNode child = node.child(filter, start, end);
                if (child != null) {
                    next(child, end);
                }
                return;
            }
            boolean hash = filter.charAt(start) == '#';
            if (hash && !atRoot) {
                emit(node.message); // "sport/#" matches "sport" (section 4.7.1.2)
            }
            LevelMap<RetainedNode> kids = node.children;
            if (kids == null) {
                return;
            }
            kids.forEachValue(child -> {
                // root wildcards never match '$' topics [MQTT-4.7.2-1]
                if (atRoot && child.level.startsWith("$")) {
                    return;
                }
                if (hash) {
                    emitSubtree(child);
                } else {
                    next(child, end);
                }
            });
        }

        private void next(RetainedNode child, int end) {
            if (end == filter.length()) {
                emit(child.message);
            } else {
                level(child, end + 1, false);
            }
        }

        private void emitSubtree(RetainedNode node) {
            emit(node.message);
            LevelMap<RetainedNode> kids = node.children;
            if (kids != null) {
                kids.forEachValue(this::emitSubtree);
            }
        }

        private void emit(RetainedMessage m) {
            if (m != null && !m.isExpired(now)) {
                sink.accept(m);
            }
        }
    }

    @Override
    public int size() {
        return size.get();
    }

    /** Walks all messages (expiry is rare and this runs periodically, off the publish path). */
    @Override
    public int purgeExpired(long nowMillis) {
        List<RetainedMessage> expired = new ArrayList<>();
        collectExpired(root, nowMillis, expired);
        int removed = 0;
        for (RetainedMessage m : expired) {
            if (removeIf(m.topic(), m, nowMillis)) {
                removed++;
            }
        }
        return removed;
    }

    private static void collectExpired(RetainedNode node, long now, List<RetainedMessage> out) {
        RetainedMessage m = node.message;
        if (m != null && m.isExpired(now)) {
            out.add(m);
        }
        LevelMap<RetainedNode> kids = node.children;
        if (kids != null) {
            kids.forEachValue(child -> collectExpired(child, now, out));
        }
    }

    /** Nodes below the root, for tests of pruning. */
    int nodeCount() {
        return nodes.get();
    }
}
