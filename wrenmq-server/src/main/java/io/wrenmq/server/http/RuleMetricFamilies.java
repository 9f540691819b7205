package io.wrenmq.server.http;

import io.wrenmq.server.rule.RuleOperations;
import io.wrenmq.server.rule.RuleView;
import io.wrenmq.server.rule.action.ActionStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The rule engine's Prometheus families: per rule ({@code rule="<id>"}) what its statement did with the messages of
 * its FROM, per action ({@code rule, action="<the action's id>"}) what became of the rows, and engine-wide what was
 * fed to the rules and what their full queue dropped. Only when there are rules (no families without samples). A
 * rule's counters start at 0 when it is replaced (PUT, or a reload that changed it): rate() takes that as a reset.
 */
final class RuleMetricFamilies {
    private RuleMetricFamilies() {
    }

    /** One action with its labels, unique within a scrape. */
    private record Labelled(String labels, ActionStats stats) {
    }

    static void write(RuleOperations rules, PrometheusExporter.Out o) {
        List<RuleView> views = rules.list();
        if (views.isEmpty()) {
            return;
        }
        RuleOperations.EngineStats e = rules.engineStats();
        o.counter("wrenmq_rules_messages_total", "Messages handed to the rule engine (their topic is in a rule's FROM)",
                e.received());
        o.counter("wrenmq_rules_messages_dropped_total",
                "Messages the rules never saw because the engine's queue was full (rules slower than the message rate)",
                e.dropped());
        o.gauge("wrenmq_rules_queued_messages", "Messages waiting for the rules", e.queued());
        ruleFamily(o, views, "wrenmq_rule_matched_total", "Messages whose topic is in the rule's FROM",
                v -> v.counters().matched());
        ruleFamily(o, views, "wrenmq_rule_passed_total", "Matched messages that gave at least one row (WHERE true)",
                v -> v.counters().passed());
        ruleFamily(o, views, "wrenmq_rule_no_result_total", "Matched messages that gave no row (WHERE false)",
                v -> v.counters().noResult());
        ruleFamily(o, views, "wrenmq_rule_failed_total",
                "Matched messages whose evaluation failed (a type error, a function refusing its input)",
                v -> v.counters().failed());
        List<Labelled> actions = actions(views);
        if (actions.isEmpty()) {
            return;
        }
        actionFamily(o, actions, "wrenmq_rule_action_success_total", "counter", "Rows the action wrote (or published)",
                ActionStats::success);
        actionFamily(o, actions, "wrenmq_rule_action_failure_total", "counter",
                "Rows the target refused for their content (given up, not retried)", ActionStats::failure);
        actionFamily(o, actions, "wrenmq_rule_action_dropped_total", "counter",
                "Rows that did not fit in the action's queue, or were still queued when it closed", ActionStats::dropped);
        actionFamily(o, actions, "wrenmq_rule_action_retried_batches_total", "counter",
                "Batches written again after the target failed (away, timeout, 5xx)", ActionStats::retriedBatches);
        actionFamily(o, actions, "wrenmq_rule_action_queue_depth", "gauge",
                "Rows waiting in the action's queue, the batch being written included", ActionStats::queueDepth);
    }

    private static void ruleFamily(PrometheusExporter.Out o, List<RuleView> views, String name, String help,
            ToDoubleFunction<RuleView> value) {
        o.header(name, "counter", help);
        views.forEach(v -> o.sample(name + "{rule=\"" + PrometheusExporter.Out.label(v.id()) + "\"}",
                value.applyAsDouble(v)));
    }

    private static void actionFamily(PrometheusExporter.Out o, List<Labelled> actions, String name, String type,
            String help, ToDoubleFunction<ActionStats> value) {
        o.header(name, type, help);
        actions.forEach(a -> o.sample(name + "{" + a.labels() + "}", value.applyAsDouble(a.stats())));
    }

    /**
     * Each action labelled {@code rule, action}: the action's id ("postgresql.main:readings", "repub:alerts/x"); a
     * rule with two actions of the same id (one table twice) gets "#2" on the second, so no series is written twice.
     */
    private static List<Labelled> actions(List<RuleView> views) {
        List<Labelled> out = new ArrayList<>();
        for (RuleView v : views) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < v.actions().size(); i++) {
                RuleView.ActionView a = v.actions().get(i);
                String action = seen.add(a.name()) ? a.name() : a.name() + "#" + (i + 1);
                out.add(new Labelled("rule=\"" + PrometheusExporter.Out.label(v.id()) + "\",action=\""
                        + PrometheusExporter.Out.label(action) + "\"", a.stats()));
            }
        }
        return out;
    }
}
