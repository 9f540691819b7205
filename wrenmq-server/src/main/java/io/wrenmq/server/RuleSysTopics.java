package io.wrenmq.server;

import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.rule.RuleOperations;
import io.wrenmq.server.rule.RuleView;
import io.wrenmq.server.rule.action.ActionStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The rules' entries of each $SYS round ({@code SysTopicPublisher.addSource}), below {@code $SYS/brokers/<node>/}, as
 * the bridges have theirs: per rule {@code rules/<id>/enabled}, {@code matched}, {@code passed}, {@code no_result},
 * {@code failed}; per action, numbered from 1 in the rule's order (an action's id may hold '/'),
 * {@code rules/<id>/actions/<n>/id}, {@code success}, {@code failure}, {@code dropped}, {@code retried_batches},
 * {@code queue_depth}; and the engine's {@code rule_engine/messages}, {@code dropped}, {@code queued}. Nothing while
 * there are no rules. A rule whose id cannot be a topic level is left out.
 */
final class RuleSysTopics {
    private final Supplier<RuleOperations> rules;

    /** @param rules the running rules (they change with ctrl/restart) */
    RuleSysTopics(Supplier<RuleOperations> rules) {
        this.rules = rules;
    }

    /** Listed on a pool thread, not on the $SYS publisher's event loop: listing waits for the rules' lock. */
    CompletableFuture<Map<String, String>> entries() {
        return CompletableFuture.supplyAsync(() -> snapshot(rules.get()));
    }

    static Map<String, String> snapshot(RuleOperations running) {
        Map<String, String> out = new LinkedHashMap<>();
        List<RuleView> views = running.list();
        if (views.isEmpty()) {
            return out;
        }
        RuleOperations.EngineStats e = running.engineStats();
        out.put("rule_engine/messages", Long.toString(e.received()));
        out.put("rule_engine/dropped", Long.toString(e.dropped()));
        out.put("rule_engine/queued", Integer.toString(e.queued()));
        views.forEach(v -> add(out, v));
        return out;
    }

    private static void add(Map<String, String> out, RuleView v) {
        String p = "rules/" + v.id() + "/";
        if (TopicSyntax.invalidNameReason(p + "matched") != null) {
            return;
        }
        out.put(p + "enabled", Boolean.toString(v.enabled()));
        out.put(p + "matched", Long.toString(v.counters().matched()));
        out.put(p + "passed", Long.toString(v.counters().passed()));
        out.put(p + "no_result", Long.toString(v.counters().noResult()));
        out.put(p + "failed", Long.toString(v.counters().failed()));
        for (int i = 0; i < v.actions().size(); i++) {
            String a = p + "actions/" + (i + 1) + "/";
            ActionStats s = v.actions().get(i).stats();
            out.put(a + "id", v.actions().get(i).name());
            out.put(a + "success", Long.toString(s.success()));
            out.put(a + "failure", Long.toString(s.failure()));
            out.put(a + "dropped", Long.toString(s.dropped()));
            out.put(a + "retried_batches", Long.toString(s.retriedBatches()));
            out.put(a + "queue_depth", Integer.toString(s.queueDepth()));
        }
    }
}
