package io.wrenmq.broker.auth;

import io.wrenmq.codec.TopicSyntax;

/**
 * One topic of an ACL rule: a pattern with MQTT wildcards and the placeholders {@code ${username}} and
 * {@code ${clientid}}, or a literal ({@code {eq = "t/#"}}) that matches only the very same text.
 *
 * <p>Against a concrete topic (PUBLISH, delivery) a pattern matches like a subscription filter. Against a
 * subscription filter (SUBSCRIBE) it matches only when it <em>covers</em> the filter: every topic the filter
 * can match is matched by the pattern. So rule {@code a/#} covers {@code a/b/+} and {@code a/#}, rule
 * {@code a/+} covers {@code a/b} but not {@code a/#}, and only rule {@code #} covers filter {@code #}. A
 * broader filter than a rule therefore does not match that rule and falls through to later rules and
 * {@code auth.no_match}; whatever is granted, each message is checked again on its concrete topic at delivery.
 *
 * <p>Wildcards at the first level never match a topic that starts with '$' [MQTT-4.7.2-1]: rule {@code #}
 * does not cover {@code $SYS/#}.
 *
 * <p>A placeholder whose value is absent (no username), empty, or contains '/', '+' or '#' makes the pattern
 * match nothing: a client must not widen a rule by choosing its own name.
 */
public final class AclTopic {
    private static final String USERNAME = "${username}";
    private static final String CLIENTID = "${clientid}";

    private final String text;
    private final boolean literal;
    private final String[] levels;
    private final boolean placeholders;

    private AclTopic(String text, boolean literal) {
        this.text = text;
        this.literal = literal;
        this.levels = text.split("/", -1);
        this.placeholders = text.contains(USERNAME) || text.contains(CLIENTID);
    }

    /** A pattern; throws IllegalArgumentException with a reason for an invalid one. */
    public static AclTopic pattern(String text) {
        String reason = invalidReason(text);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        return new AclTopic(text, false);
    }

    /** A literal topic: {@code {eq = "#"}} matches the filter "#" itself and nothing else. */
    public static AclTopic literal(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty topic");
        }
        return new AclTopic(text, true);
    }

    private static String invalidReason(String text) {
        if (text == null || text.isEmpty()) {
            return "empty topic";
        }
        // A pattern is a topic filter (the placeholders are plain characters to these rules).
        String invalid = TopicSyntax.invalidSyntaxReason(text);
        if (invalid != null) {
            return "\"" + text + "\": " + invalid;
        }
        if (text.replace(USERNAME, "").replace(CLIENTID, "").contains("${")) {
            return "unknown placeholder in \"" + text + "\" (only ${username} and ${clientid})";
        }
        return null;
    }

    public String text() {
        return text;
    }

    public boolean isLiteral() {
        return literal;
    }

    /** Whether this topic matches {@code topicOrFilter} (a concrete topic, or a filter at SUBSCRIBE) for {@code who}. */
    public boolean matches(ClientIdentity who, String topicOrFilter) {
        if (literal) {
            return text.equals(topicOrFilter);
        }
        String[] rule = placeholders ? substitute(who) : levels;
        return rule != null && covers(rule, topicOrFilter);
    }

    private String[] substitute(ClientIdentity who) {
        String[] out = new String[levels.length];
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains(USERNAME)) {
                if (!usable(who.username())) {
                    return null;
                }
                level = level.replace(USERNAME, who.username());
            }
            if (level.contains(CLIENTID)) {
                if (!usable(who.clientId())) {
                    return null;
                }
                level = level.replace(CLIENTID, who.clientId());
            }
            out[i] = level;
        }
        return out;
    }

    private static boolean usable(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the rule levels cover {@code f} (a topic or a filter), walking {@code f} by index: no allocation.
     * '+' in the rule covers one level of f except '#'; '#' in the rule covers the rest, including the parent
     * level itself ("a/#" covers "a") [MQTT-4.7.1-1].
     */
    static boolean covers(String[] rule, String f) {
        boolean dollar = !f.isEmpty() && f.charAt(0) == '$';
        int pos = 0;
        int len = f.length();
        for (int i = 0; i < rule.length; i++) {
            String r = rule[i];
            if (r.equals("#")) {
                return !(i == 0 && dollar);
            }
            if (pos > len) {
                return false; // f has no level i
            }
            int end = f.indexOf('/', pos);
            if (end < 0) {
                end = len;
            }
            if (r.equals("+")) {
                if (i == 0 && dollar) {
                    return false;
                }
                if (end - pos == 1 && f.charAt(pos) == '#') {
                    return false; // '+' covers one level, never the multi-level wildcard
                }
            } else if (end - pos != r.length() || !f.startsWith(r, pos)) {
                return false; // includes f's '+' or '#' against a literal rule level
            }
            pos = end + 1;
        }
        return pos > len; // both exhausted
    }

    @Override
    public String toString() {
        return literal ? "{eq = \"" + text + "\"}" : text;
    }
}
