package io.wrenmq.server.rule;

import io.wrenmq.server.rule.action.RuleAction;
import io.wrenmq.server.rule.sql.RuleEvaluationException;
import io.wrenmq.server.rule.sql.RuleMessage;
import io.wrenmq.server.rule.sql.RuleSql;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running rule: its compiled statement, its actions and its counters. {@link #process} runs on the engine's
 * thread only; the counters and {@link #view} are read from any thread.
 */
final class Rule {
    private static final Logger LOG = LoggerFactory.getLogger(Rule.class);
    private static final long FAILURE_LOG_INTERVAL_MILLIS = 10_000;

    private final RuleSpec spec;
    private final RuleSql sql;
    private final RuleSql.Evaluator evaluator; // the engine's thread alone evaluates
    private final List<RuleAction> actions;
    private final String origin;
    // Only the engine's worker counts (it alone runs process): see WorkerCounter.
    private final WorkerCounter matched = new WorkerCounter();
    private final WorkerCounter passed = new WorkerCounter();
    private final WorkerCounter noResult = new WorkerCounter();
    private final WorkerCounter failed = new WorkerCounter();
    private volatile String lastError;
    private long lastFailureLogged;
    private long failuresNotLogged;

    Rule(RuleSpec spec, RuleSql sql, List<RuleAction> actions, String origin) {
        this.spec = spec;
        this.sql = sql;
        this.evaluator = sql.evaluator();
        this.actions = List.copyOf(actions);
        this.origin = origin;
    }

    RuleSpec spec() {
        return spec;
    }

    String id() {
        return spec.id();
    }

    List<String> topicFilters() {
        return sql.topicFilters();
    }

    String origin() {
        return origin;
    }

    void start() {
        actions.forEach(RuleAction::start);
    }

    /** Evaluates the message (when its topic is in FROM) and hands each row to every action, without waiting. */
    void process(RuleMessage m) {
        if (sql.matchesTopic(m.topic())) {
            processMatched(m);
        }
    }

    /** {@link #process} of a message whose topic the caller found in FROM (the engine matches each filter once). */
    void processMatched(RuleMessage m) {
        matched.increment();
        List<Map<String, Object>> rows;
        try {
            rows = evaluator.evaluate(m);
        } catch (RuleEvaluationException e) {
            failed.increment();
            lastError = e.getMessage();
            logFailure(m, e);
            return;
        }
        if (rows.isEmpty()) {
            noResult.increment();
            return;
        }
        passed.increment();
        for (Map<String, Object> row : rows) {
            for (RuleAction a : actions) {
                a.offer(row); // a full queue drops and counts the row itself
            }
        }
    }

    /** One line per 10 s at most: a rule that fails for every message must not flood the log. */
    private void logFailure(RuleMessage m, RuleEvaluationException e) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLogged < FAILURE_LOG_INTERVAL_MILLIS) {
            failuresNotLogged++;
            return;
        }
        LOG.warn("Rule {}: evaluation failed for a message on {}: {}{}", spec.id(), m.topic(), e.getMessage(),
                failuresNotLogged == 0 ? "" : " (" + failuresNotLogged + " more failures since the last report)");
        lastFailureLogged = now;
        failuresNotLogged = 0;
    }

    void close() {
        actions.forEach(RuleAction::close);
    }

    RuleView view() {
        return new RuleView(spec.id(), spec.sql(), spec.description(), spec.enabled(), origin, sql.topicFilters(),
                new RuleView.Counters(matched.sum(), passed.sum(), noResult.sum(), failed.sum(), lastError),
                actions.stream().map(a -> new RuleView.ActionView(a.name(), kindOf(a), a.stats())).toList(), spec);
    }

    private String kindOf(RuleAction a) {
        int i = actions.indexOf(a);
        return i < spec.actions().size() ? spec.actions().get(i).kind() : "";
    }
}
