package io.wrenmq.broker.routing;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One shared subscription group for one filter (MQTT 5 section 4.8.2); members in subscription order. Members
 * change under the owning trie node's monitor (copy-on-write array); {@link #pick} is lock-free and
 * allocation-free, so event loops call it per message.
 *
 * @param <S> the broker's subscriber handle type
 */
public final class SharedGroup<S> {
    @SuppressWarnings("rawtypes")
    private static final SubscriptionEntry[] NONE = new SubscriptionEntry[0];

    private final String group;
    private final String filter;
    @SuppressWarnings("unchecked")
    private volatile SubscriptionEntry<S>[] members = NONE;
    /** Round-robin position; wraps around harmlessly (floorMod). */
    private final AtomicInteger cursor = new AtomicInteger();
    /** The STICKY choice; a benign race between event loops only means two picks may disagree once. */
    private volatile SubscriptionEntry<S> sticky;

    SharedGroup(String group, String filter) {
        this.group = group;
        this.filter = filter;
    }

    /** The share name ({@code $queue} for {@code $queue/} filters). */
    public String group() {
        return group;
    }

    /** The filter after the share name, which topics are matched against. */
    public String filter() {
        return filter;
    }

    /** The members at the time of the call, in subscription order (an unmodifiable snapshot). */
    public List<SubscriptionEntry<S>> members() {
        return Collections.unmodifiableList(Arrays.asList(members));
    }

    public int size() {
        return members.length;
    }

    /**
     * Picks the member that receives a message. Members whose subscriber fails {@code online} are skipped. When
     * no member is online the pick is made among all members by the same strategy, and the message then waits
     * in that member's session queue (a shared subscription of offline persistent sessions still gets its
     * messages, section 4.8.2). Returns null only when the group is empty (it may lose its last member
     * concurrently).
     *
     * <ul>
     * <li>ROUND_ROBIN: an atomic counter; offline members consume a turn, so online members stay evenly served.
     * <li>RANDOM: uniform over the online members (ThreadLocalRandom).
     * <li>STICKY: the last picked member while it is online and still a member (matched by client id, so a
     * re-subscription keeps it); otherwise a new one by round robin.
     * <li>HASH_CLIENTID: {@code publisherClientId.hashCode()} over the online members, so one publisher reaches
     * one member while the set of online members stays the same.
     * </ul>
     *
     * @param online null means every member counts as online
     */
    public SubscriptionEntry<S> pick(SharedSubscriptionStrategy strategy, String publisherClientId,
            Predicate<S> online) {
        SubscriptionEntry<S>[] ms = members;
        if (ms.length == 0) {
            return null;
        }
        if (ms.length == 1) {
            return ms[0];
        }
        switch (strategy) {
            case RANDOM:
                return pickNth(ms, online, ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
            case STICKY:
                return pickSticky(ms, online);
            case HASH_CLIENTID:
                return pickNth(ms, online, publisherClientId == null ? 0 : publisherClientId.hashCode());
            case ROUND_ROBIN:
            default:
                return pickRoundRobin(ms, online);
        }
    }

    private SubscriptionEntry<S> pickRoundRobin(SubscriptionEntry<S>[] ms, Predicate<S> online) {
        int first = cursor.getAndIncrement();
        for (int tries = 0, turn = first; tries < ms.length; tries++, turn = cursor.getAndIncrement()) {
            SubscriptionEntry<S> m = ms[Math.floorMod(turn, ms.length)];
            if (isOnline(m, online)) {
                return m;
            }
        }
        return ms[Math.floorMod(first, ms.length)];
    }

    /** The (seed mod k)-th online member, or the (seed mod n)-th member when none is online. */
    private static <S> SubscriptionEntry<S> pickNth(SubscriptionEntry<S>[] ms, Predicate<S> online, int seed) {
        int onlineCount = 0;
        for (SubscriptionEntry<S> m : ms) {
            if (isOnline(m, online)) {
                onlineCount++;
            }
        }
        if (onlineCount == 0) {
            return ms[Math.floorMod(seed, ms.length)];
        }
        int wanted = Math.floorMod(seed, onlineCount);
        for (SubscriptionEntry<S> m : ms) {
            if (isOnline(m, online) && wanted-- == 0) {
                return m;
            }
        }
        return ms[0]; // unreachable unless `online` changed its answer between the two passes
    }

    private SubscriptionEntry<S> pickSticky(SubscriptionEntry<S>[] ms, Predicate<S> online) {
        SubscriptionEntry<S> last = sticky;
        if (last != null) {
            int i = TrieNode.indexOf(ms, last.clientId());
            if (i >= 0 && isOnline(ms[i], online)) {
                if (ms[i] != last) {
                    sticky = ms[i];
                }
                return ms[i];
            }
        }
        SubscriptionEntry<S> chosen = pickRoundRobin(ms, online);
        sticky = chosen;
        return chosen;
    }

    private static <S> boolean isOnline(SubscriptionEntry<S> m, Predicate<S> online) {
        return online == null || online.test(m.subscriber());
    }

    /** Adds or replaces the client's membership; returns the replaced entry. Caller holds the node's monitor. */
    SubscriptionEntry<S> put(SubscriptionEntry<S> entry) {
        SubscriptionEntry<S>[] cur = members;
        int i = TrieNode.indexOf(cur, entry.clientId());
        SubscriptionEntry<S>[] next = Arrays.copyOf(cur, i < 0 ? cur.length + 1 : cur.length);
        next[i < 0 ? cur.length : i] = entry;
        members = next;
        return i < 0 ? null : cur[i];
    }

    /** Removes the client's membership; returns it or null. Caller holds the node's monitor. */
    SubscriptionEntry<S> remove(String clientId) {
        SubscriptionEntry<S>[] cur = members;
        int i = TrieNode.indexOf(cur, clientId);
        if (i < 0) {
            return null;
        }
        members = TrieNode.without(cur, i);
        SubscriptionEntry<S> gone = cur[i];
        if (sticky != null && sticky.clientId().equals(clientId)) {
            sticky = null;
        }
        return gone;
    }

    @Override
    public String toString() {
        return "SharedGroup[" + group + ", " + filter + ", " + members.length + " members]";
    }
}
