package io.wrenmq.broker.routing;

/**
 * Topic name and topic filter rules (MQTT 5 section 4.7 and 4.8.2; MQTT 3.1.1 section 4.7). Rule ids follow
 * MQTT 5 numbering: [MQTT-4.7.1-1] is the '#' rule and [MQTT-4.7.1-2] the '+' rule (3.1.1 numbers them
 * 4.7.1-2 and 4.7.1-3). The length limit [MQTT-4.7.3-3] is the codec's job (it sees the encoded bytes).
 */
public final class TopicFilters {
    static final String SHARE_PREFIX = "$share/";
    static final String QUEUE_PREFIX = "$queue/";
    /** The group name given to {@code $queue/} filters. */
    static final String QUEUE_GROUP = "$queue";

    private TopicFilters() {
    }

    /**
     * Null when the filter is valid, else a short human reason (naming the rule) for logs and the
     * SUBACK reason string. Shared filters ({@code $share/g/f}, {@code $queue/f}) are checked as such.
     */
    public static String invalidFilterReason(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "empty topic filter [MQTT-4.7.3-1]";
        }
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            int groupEnd = slash < 0 ? filter.length() : slash;
            if (groupEnd == SHARE_PREFIX.length()) {
                return "shared subscription needs a non-empty share name [MQTT-4.8.2-1]";
            }
            for (int i = SHARE_PREFIX.length(); i < groupEnd; i++) {
                char c = filter.charAt(i);
                if (c == '+' || c == '#') {
                    return "share name must not contain '+' or '#' [MQTT-4.8.2-2]";
                }
            }
            if (slash < 0 || slash == filter.length() - 1) {
                return "shared subscription needs a topic filter after the share name [MQTT-4.8.2-2]";
            }
            return invalidPlainFilterReason(filter, slash + 1);
        }
        if (filter.startsWith(QUEUE_PREFIX)) {
            if (filter.length() == QUEUE_PREFIX.length()) {
                return "$queue/ needs a topic filter after it [MQTT-4.7.3-1]";
            }
            return invalidPlainFilterReason(filter, QUEUE_PREFIX.length());
        }
        return invalidPlainFilterReason(filter, 0);
    }

    /**
     * Null when the whole string follows the topic filter syntax (not empty, no U+0000, '#' and '+' only as whole
     * levels), else the reason. Unlike {@link #invalidFilterReason} it does not judge a shared filter as such:
     * {@code $share/g} is a well-formed filter that just cannot be a shared subscription.
     */
    public static String invalidSyntaxReason(String filter) {
        return filter == null ? "empty topic filter [MQTT-4.7.3-1]" : invalidPlainFilterReason(filter, 0);
    }

    /**
     * Null when {@code filter.substring(from)} is a valid non-shared filter, else the reason. Allocation-free.
     */
    static String invalidPlainFilterReason(String filter, int from) {
        int len = filter.length();
        if (from >= len) {
            return "empty topic filter [MQTT-4.7.3-1]";
        }
        int levelStart = from;
        for (int i = from; i < len; i++) {
            char c = filter.charAt(i);
            if (c == '\u0000') {
                return "topic filter contains U+0000 [MQTT-4.7.3-2]";
            } else if (c == '/') {
                levelStart = i + 1;
            } else if (c == '#') {
                // '#' is alone in its level and the last character [MQTT-4.7.1-1]
                if (i != levelStart || i != len - 1) {
                    return "'#' must be the whole last level of the filter [MQTT-4.7.1-1]";
                }
            } else if (c == '+') {
                // '+' occupies an entire level [MQTT-4.7.1-2]
                if (i != levelStart || (i + 1 < len && filter.charAt(i + 1) != '/')) {
                    return "'+' must occupy a whole level of the filter [MQTT-4.7.1-2]";
                }
            }
        }
        return null;
    }

    /**
     * Null when the topic name is valid for PUBLISH, else the reason: not empty [MQTT-4.7.3-1], no
     * U+0000 [MQTT-4.7.3-2], no wildcards [MQTT-3.3.2-2].
     */
    public static String invalidTopicNameReason(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "empty topic name [MQTT-4.7.3-1]";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return "topic name must not contain wildcards [MQTT-3.3.2-2]";
            }
            if (c == '\u0000') {
                return "topic name contains U+0000 [MQTT-4.7.3-2]";
            }
        }
        return null;
    }

    /**
     * Parses {@code $share/{group}/{filter}} and {@code $queue/{filter}}; null for a non-shared filter.
     * Validate with {@link #invalidFilterReason} first: a malformed shared filter (say {@code $share/g}) throws
     * IllegalArgumentException rather than being mistaken for a plain one.
     */
    public static SharedFilter parseShared(String filter) {
        boolean share = filter.startsWith(SHARE_PREFIX);
        if (!share && !filter.startsWith(QUEUE_PREFIX)) {
            return null;
        }
        String reason = invalidFilterReason(filter);
        if (reason != null) {
            throw new IllegalArgumentException(reason + ": " + filter);
        }
        if (!share) {
            return new SharedFilter(QUEUE_GROUP, filter.substring(QUEUE_PREFIX.length()));
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        return new SharedFilter(filter.substring(SHARE_PREFIX.length(), slash), filter.substring(slash + 1));
    }

    /** Whether the filter contains '+' or '#'. */
    public static boolean isWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
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
