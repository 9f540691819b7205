package io.wrenmq.server.rule;

import io.wrenmq.server.rule.action.ActionStats;
import java.util.List;

/**
 * A rule as the REST API, Prometheus and $SYS show it: its settings and its counters.
 *
 * @param origin  "file" or "api"
 * @param topics  the FROM topic filters
 * @param spec    the rule's settings (its actions' included), as it runs
 */
public record RuleView(String id, String sql, String description, boolean enabled, String origin, List<String> topics,
        Counters counters, List<ActionView> actions, RuleSpec spec) {

    /**
     * @param matched  messages whose topic is in FROM
     * @param passed   of those, the ones that gave at least one row (WHERE true)
     * @param noResult the ones that gave none
     * @param failed   the ones whose evaluation failed (a type error, a function refusing its input)
     * @param lastError the last failure's text, null if none
     */
    public record Counters(long matched, long passed, long noResult, long failed, String lastError) {
    }

    /** One action of the rule: its name ("postgresql.main:readings", "repub:alerts/${clientid}", ...) and counters. */
    public record ActionView(String name, String kind, ActionStats stats) {
    }
}
