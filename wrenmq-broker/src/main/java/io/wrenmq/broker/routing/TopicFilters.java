package io.wrenmq.broker.routing;

import static io.wrenmq.codec.TopicSyntax.QUEUE_PREFIX;
import static io.wrenmq.codec.TopicSyntax.SHARE_PREFIX;

import io.wrenmq.codec.TopicSyntax;

/**
 * Shared-filter parsing for routing (MQTT 5 section 4.8.2). Whether a topic name or filter is valid, and whether a
 * filter matches a topic, is decided by the codec's {@link TopicSyntax}, the one home of those rules.
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
}
