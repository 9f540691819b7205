package io.wrenmq.broker.routing;

import io.wrenmq.codec.TopicSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Subscriptions indexed by filter level (MQTT 5 section 4.7). Many event-loop threads call {@link #match} while
 * others subscribe and unsubscribe.
 *
 * <p>{@link #match} takes no lock and allocates nothing: each level is looked up in the node's
 * {@link LevelMap} by a region of the topic (no substring), the node's '+' and '#' children are plain fields,
 * and entries are copy-on-write arrays (see {@link TrieNode}). A match that runs concurrently with a change sees
 * the trie either before or after that change, per node.
 *
 * <p>Writes lock only the node they change (and its parent when creating or pruning it, see {@link TreeNode});
 * empty nodes are pruned on unsubscribe, so subscription churn does not grow memory. Changing the subscribers of
 * one filter costs O(subscribers of that filter) (the array copy), which is fine up to tens of thousands of
 * subscribers on one filter.
 *
 * @param <S> the broker's subscriber handle type
 */
public final class SubscriptionTrie<S> {
    private final TrieNode<S> root = new TrieNode<>(null, "");
    private final AtomicInteger nodes = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger sharedGroups = new AtomicInteger();

    /**
     * Adds or replaces the subscription of {@code entry.clientId()} to this (plain, not shared) filter; returns
     * the replaced entry or null. A SUBSCRIBE for an existing filter replaces the subscription [MQTT-3.8.4-3].
     *
     * @throws IllegalArgumentException when the filter is not a valid filter
     */
    public SubscriptionEntry<S> subscribe(String filter, SubscriptionEntry<S> entry) {
        Objects.requireNonNull(entry, "entry");
        requireValid(filter);
        while (true) {
            TrieNode<S> node = TreeWrites.findOrCreate(root, filter, nodes);
            if (node == null) {
                continue; // a concurrent prune removed a node on the path; start again
            }
            synchronized (node) {
                if (node.removed) {
                    continue;
                }
                SubscriptionEntry<S> old = node.putEntry(entry);
                if (old == null) {
                    subscriptions.incrementAndGet();
                }
                return old;
            }
        }
    }

    /**
     * Adds or replaces the client's membership of shared group {@code group} for {@code filter} (the filter after
     * the share name, see {@link TopicFilters#parseShared}); returns the replaced entry or null.
     */
    public SubscriptionEntry<S> subscribeShared(String group, String filter, SubscriptionEntry<S> entry) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(entry, "entry");
        requireValid(filter);
        while (true) {
            TrieNode<S> node = TreeWrites.findOrCreate(root, filter, nodes);
            if (node == null) {
                continue;
            }
            synchronized (node) {
                if (node.removed) {
                    continue;
                }
                SharedGroup<S> g = node.group(group);
                if (g == null) {
                    g = new SharedGroup<>(group, filter);
                    node.addGroup(g);
                    sharedGroups.incrementAndGet();
                }
                SubscriptionEntry<S> old = g.put(entry);
                if (old == null) {
                    subscriptions.incrementAndGet();
                }
                return old;
            }
        }
    }

    /** Removes the client's subscription to this plain filter; returns the removed entry or null. */
    public SubscriptionEntry<S> unsubscribe(String filter, String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        while (true) {
            TrieNode<S> node = TreeWrites.find(root, filter);
            if (node == null) {
                return null;
            }
            SubscriptionEntry<S> old;
            synchronized (node) {
                if (node.removed) {
                    continue; // pruned after we found it: look again from the root
                }
                old = node.removeEntry(clientId);
                if (old == null) {
                    return null;
                }
                subscriptions.decrementAndGet();
            }
            TreeWrites.prune(node, nodes);
            return old;
        }
    }

    /** Removes the client's membership of a shared group; returns the removed entry or null. */
    public SubscriptionEntry<S> unsubscribeShared(String group, String filter, String clientId) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(clientId, "clientId");
        while (true) {
            TrieNode<S> node = TreeWrites.find(root, filter);
            if (node == null) {
                return null;
            }
            SubscriptionEntry<S> old;
            synchronized (node) {
                if (node.removed) {
                    continue;
                }
                SharedGroup<S> g = node.group(group);
                old = g == null ? null : g.remove(clientId);
                if (old == null) {
                    return null;
                }
                subscriptions.decrementAndGet();
                if (g.size() == 0) {
                    node.removeGroup(g);
                    sharedGroups.decrementAndGet();
                }
            }
            TreeWrites.prune(node, nodes);
            return old;
        }
    }

    /**
     * Reports every subscription and shared group whose filter matches the topic name. Lock-free and
     * allocation-free (given a sink that is). Filters starting with '+' or '#' do not match topics starting
     * with '$' [MQTT-4.7.2-1].
     */
    public void match(String topic, MatchSink<S> sink) {
        int len = topic.length();
        if (len == 0) {
            return; // not a valid topic name [MQTT-4.7.3-1]
        }
        matchLevel(root, topic, 0, len, topic.charAt(0) != '$', sink);
    }

    /** Matches the topic level starting at {@code start} against the children of {@code node}. */
    private static <S> void matchLevel(TrieNode<S> node, String topic, int start, int len, boolean wildcards,
            MatchSink<S> sink) {
        if (wildcards) {
            TrieNode<S> hash = node.hash;
            if (hash != null) {
                deliver(hash, sink); // '#' matches this level and all below it [MQTT-4.7.1-1]
            }
        }
        int end = topic.indexOf('/', start);
        if (end < 0) {
            end = len;
        }
        TrieNode<S> literal = node.child(topic, start, end);
        if (literal != null) {
            next(literal, topic, end, len, sink);
        }
        if (wildcards) {
            TrieNode<S> plus = node.plus;
            if (plus != null) {
                next(plus, topic, end, len, sink); // '+' matches exactly one level, empty or not
            }
        }
    }

    /** {@code node} matched the level ending at {@code end}: deliver when the topic ends, else go deeper. */
    private static <S> void next(TrieNode<S> node, String topic, int end, int len, MatchSink<S> sink) {
        if (end == len) {
            deliver(node, sink);
            TrieNode<S> hash = node.hash;
            if (hash != null) {
                deliver(hash, sink); // "sport/#" matches "sport": '#' includes the parent level (4.7.1.2)
            }
        } else {
            matchLevel(node, topic, end + 1, len, true, sink);
        }
    }

    private static <S> void deliver(TrieNode<S> node, MatchSink<S> sink) {
        for (SubscriptionEntry<S> e : node.entries) {
            sink.onSubscription(e);
        }
        for (SharedGroup<S> g : node.groups) {
            sink.onSharedGroup(g);
        }
    }

    /** Plain entries plus shared memberships. */
    public int subscriptionCount() {
        return subscriptions.get();
    }

    public int sharedGroupCount() {
        return sharedGroups.get();
    }

    /** Every entry, plain and shared members (for listings); a weakly consistent snapshot. */
    public List<SubscriptionEntry<S>> snapshot() {
        List<SubscriptionEntry<S>> out = new ArrayList<>(subscriptions.get());
        collect(root, out);
        return out;
    }

    private static <S> void collect(TrieNode<S> node, List<SubscriptionEntry<S>> out) {
        for (SubscriptionEntry<S> e : node.entries) {
            out.add(e);
        }
        for (SharedGroup<S> g : node.groups) {
            out.addAll(g.members());
        }
        LevelMap<TrieNode<S>> kids = node.children;
        if (kids != null) {
            kids.forEachValue(child -> collect(child, out));
        }
        TrieNode<S> plus = node.plus;
        if (plus != null) {
            collect(plus, out);
        }
        TrieNode<S> hash = node.hash;
        if (hash != null) {
            collect(hash, out);
        }
    }

    /** Nodes below the root; 0 when the trie is empty. For tests of pruning. */
    int nodeCount() {
        return nodes.get();
    }

    private static void requireValid(String filter) {
        Objects.requireNonNull(filter, "filter");
        String reason = TopicSyntax.invalidSyntaxReason(filter);
        if (reason != null) {
            throw new IllegalArgumentException(reason + ": " + filter);
        }
    }
}
