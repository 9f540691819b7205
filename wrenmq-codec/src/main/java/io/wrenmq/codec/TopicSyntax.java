package io.wrenmq.codec;

import io.netty.buffer.ByteBufUtil;

/**
 * The one home of the topic name and topic filter rules (MQTT 5 sections 4.7 and 4.8.2; MQTT 3.1.1 section 4.7):
 * the broker, the client and the command line tools all ask here, so a topic that one of them accepts the others
 * accept too. Each check returns null when the text is valid, else a short human reason that names the rule (for
 * log lines, SUBACK reason strings, usage errors and config errors). Allocation-free for topics below 21846
 * characters (the length check counts UTF-8 bytes only for longer ones).
 *
 * <p>Rule ids follow MQTT 5 numbering: [MQTT-4.7.1-1] is the '#' rule and [MQTT-4.7.1-2] the '+' rule (3.1.1
 * numbers them 4.7.1-2 and 4.7.1-3). Matching a filter against a topic is not a syntax rule and lives with the
 * broker's routing.
 */
public final class TopicSyntax {
    /** A shared subscription: {@code $share/<share name>/<filter>} (MQTT 5 section 4.8.2). */
    public static final String SHARE_PREFIX = "$share/";
    /** A shared subscription in one group without a name: {@code $queue/<filter>} (NanoMQ and EMQX). */
    public static final String QUEUE_PREFIX = "$queue/";
    /** A topic name or filter must not encode to more than 65535 bytes of UTF-8 [MQTT-4.7.3-3]. */
    public static final int MAX_BYTES = 65_535;

    private TopicSyntax() {
    }

    /**
     * Null when {@code topic} is a valid topic name for PUBLISH (or a Will), else the reason: not empty
     * [MQTT-4.7.3-1], no wildcards [MQTT-3.3.2-2], no U+0000 [MQTT-4.7.3-2], at most 65535 bytes [MQTT-4.7.3-3].
     */
    public static String invalidNameReason(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "empty topic name [MQTT-4.7.3-1]";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (isWildcard(c)) {
                return "topic name must not contain wildcards [MQTT-3.3.2-2]";
            }
            if (c == '\u0000') {
                return "topic name contains U+0000 [MQTT-4.7.3-2]";
            }
        }
        return tooLongReason(topic);
    }

    /**
     * Null when {@code filter} is a valid topic filter for SUBSCRIBE, else the reason. Shared filters
     * ({@code $share/g/f}, {@code $queue/f}) are checked as such: a non-empty share name [MQTT-4.8.2-1] without
     * '+' or '#', followed by '/' and a filter [MQTT-4.8.2-2].
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
                if (isWildcard(filter.charAt(i))) {
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
     * levels, not too long), else the reason. Unlike {@link #invalidFilterReason} it does not judge a shared
     * filter as such: {@code $share/g} is a well-formed filter that just cannot be a shared subscription. For the
     * filter inside a shared subscription, for subscription tries, and for ACL patterns.
     */
    public static String invalidSyntaxReason(String filter) {
        return filter == null ? "empty topic filter [MQTT-4.7.3-1]" : invalidPlainFilterReason(filter, 0);
    }

    /** Whether {@code s} contains '+' or '#' (a filter with wildcards; never valid in a topic name). */
    public static boolean hasWildcard(String s) {
        return s.indexOf('+') >= 0 || s.indexOf('#') >= 0;
    }

    /** Whether {@code c} (a char or a byte below 0x80) is one of the wildcards '+' and '#' (section 4.7.1). */
    public static boolean isWildcard(int c) {
        return c == '+' || c == '#';
    }

    /** Null when {@code filter.substring(from)} is a valid non-shared filter, else the reason. */
    private static String invalidPlainFilterReason(String filter, int from) {
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
                    return "'#' must be the last level and alone in it [MQTT-4.7.1-1]";
                }
            } else if (c == '+') {
                // '+' occupies an entire level [MQTT-4.7.1-2]
                if (i != levelStart || (i + 1 < len && filter.charAt(i + 1) != '/')) {
                    return "'+' must occupy a whole level of the filter [MQTT-4.7.1-2]";
                }
            }
        }
        return tooLongReason(filter);
    }

    private static String tooLongReason(String s) {
        // A char is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars): short strings need no count.
        if (s.length() > MAX_BYTES / 3 && ByteBufUtil.utf8Bytes(s) > MAX_BYTES) {
            return "topic longer than 65535 bytes of UTF-8 [MQTT-4.7.3-3]";
        }
        return null;
    }

    /**
     * Whether a (non-shared, valid) filter matches a topic name. A filter starting with '+' or '#' does not
     * match a topic starting with '$' [MQTT-4.7.2-1]; "sport/#" matches "sport" since '#' also matches the
     * parent level (section 4.7.1.2); empty levels are levels, so "+/+" matches "/finance" (section 4.7.1.3).
     * Allocation-free; the reference semantics for the broker's subscription trie and retained index, and what the
     * tools and WebHook topic filters use.
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
    public static int levelEnd(String s, int from) {
        int i = s.indexOf('/', from);
        return i < 0 ? s.length() : i;
    }
}
