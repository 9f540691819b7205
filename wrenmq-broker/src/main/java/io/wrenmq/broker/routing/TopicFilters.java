package io.wrenmq.broker.routing;

import static io.wrenmq.codec.TopicSyntax.QUEUE_PREFIX;
import static io.wrenmq.codec.TopicSyntax.SHARE_PREFIX;

import io.wrenmq.codec.TopicSyntax;

/**
 * Topic filter matching and shared-filter parsing for routing (MQTT 5 section 4.7 and 4.8.2). Whether a topic
 * name or filter is valid is decided by the codec's {@link TopicSyntax}, the one home of those rules.
 */
public final class TopicFilters {
    /** The group name given to {@code $queue/} filters. */
    static final String QUEUE_GROUP = "$queue";

    private TopicFilters() {
    }

    /**
     * Parses {@code $share/{group}/{filter}} and {@code $queue/{filter}}; null for a non-shared filter.
     * Validate with {@link TopicSyntax#invalidFilterReason} first: a malformed shared filter (say
     * {@code $share/g}) throws IllegalArgumentException rather than being mistaken for a plain one.
     */
    public static SharedFilter parseShared(String filter) {
        boolean share = filter.startsWith(SHARE_PREFIX);
        if (!share && !filter.startsWith(QUEUE_PREFIX)) {
            return null;
        }
        String reason = TopicSyntax.invalidFilterReason(filter);
        if (reason != null) {
            throw new IllegalArgumentException(reason + ": " + filter);
        }
        if (!share) {
            return new SharedFilter(QUEUE_GROUP, filter.substring(QUEUE_PREFIX.length()));
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        return new SharedFilter(filter.substring(SHARE_PREFIX.length(), slash), filter.substring(slash + 1));
    }

    /**
     * Whether a (non-shared, valid) filter matches a topic name. A filter starting with '+' or '#' does not
     * match a topic starting with '$' [MQTT-4.7.2-1]; "sport/#" matches "sport" since '#' also matches the
     * parent level (section 4.7.1.2); empty levels are levels, so "+/+" matches "/finance" (section 4.7.1.3).
     * Allocation-free; the reference semantics for {@link SubscriptionTrie} and {@link RetainedStore}.
     */
    public static boolean matches(String filter, String topic) {
        int fl = filter.length();
        int tl = topic.length();
        if (fl == 0 || tl == 0) {
            return false;
        }
        if (topic.charAt(0) == '$' && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int f = 0;
        int t = 0; // t > tl: the topic has no levels left
        while (true) {
            int fe = levelEnd(filter, f);
            boolean single = fe - f == 1;
            if (single && filter.charAt(f) == '#') {
                return true;
            }
            if (t > tl) {
                return false;
            }
            int te = levelEnd(topic, t);
            boolean plus = single && filter.charAt(f) == '+';
            if (!plus && !(fe - f == te - t && filter.regionMatches(f, topic, t, fe - f))) {
                return false;
            }
            f = fe + 1;
            t = te + 1;
            if (f > fl) {
                return t > tl;
            }
        }
    }

    /** The index of the '/' that ends the level starting at {@code from}, or the string's length. */
    static int levelEnd(String s, int from) {
        int i = s.indexOf('/', from);
        return i < 0 ? s.length() : i;
    }
}
