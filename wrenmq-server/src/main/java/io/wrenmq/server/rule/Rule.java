package io.wrenmq.server.rule;

import io.wrenmq.server.rule.action.RuleAction;
import io.wrenmq.server.rule.sql.RuleEvaluationException;
import io.wrenmq.server.rule.sql.RuleMessage;
import io.wrenmq.server.rule.sql.RuleSql;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running rule: its compiled statement, its actions and its counters. It is evaluated on several threads - the
 * publishers' event loops, or the engine's own thread for a statement of unbounded cost ({@link #inline()}) - each
 * through its own {@link Worker} (evaluation state and counters that only that thread writes); the counters and
 * {@link #view} sum the workers and are read from any thread.
 */
final class Rule {
    private static final Logger LOG = LoggerFactory.getLogger(Rule.class);
    private static final long FAILURE_LOG_INTERVAL_MILLIS = 10_000;

    private final RuleSpec spec;
    private final RuleSql sql;
    private final List<RuleAction> actions;
    private final String origin;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private volatile String lastError;
    private long lastFailureLogged; // guarded by this (the failure path only)
    private long failuresNotLogged; // guarded by this

    Rule(RuleSpec spec, RuleSql sql, List<RuleAction> actions, String origin) {
        this.spec = spec;
        this.sql = sql;
        this.actions = List.copyOf(actions);
        this.origin = origin;
    }

    /**
     * One thread's view of the rule: a reusable evaluator (no allocation when WHERE is false) and counters that only
     * that thread increments (see WorkerCounter: no atomic read-modify-write on the path every message takes).
     */
    final class Worker {
        private final RuleSql.Evaluator evaluator = sql.evaluator();
        private final WorkerCounter matched = new WorkerCounter();
        private final WorkerCounter passed = new WorkerCounter();
        private final WorkerCounter noResult = new WorkerCounter();
        private final WorkerCounter failed = new WorkerCounter();
        private final WorkerCounter evaluations = new WorkerCounter();

        private Worker() {
        }

        /** The message this worker last evaluated, and what came of it (for rules with the same statement). */
        private RuleMessage lastMessage;
        private List<Map<String, Object>> lastRows;
        private RuleEvaluationException lastFailure;

        /** Evaluates a message whose topic the caller found in FROM and hands each row to every action. */
        void process(RuleMessage m) {
            evaluations.increment();
            lastMessage = m;
            try {
                lastRows = evaluator.evaluate(m);
                lastFailure = null;
            } catch (RuleEvaluationException e) {
                lastRows = null;
                lastFailure = e;
            }
            act(m, lastRows, lastFailure);
        }

        /**
         * {@link #process} for a rule whose statement is the same as {@code earlier}'s (a NanoMQ file repeats one
         * statement in rules.sqlite, rules.repub, ... to give it several kinds of actions): the statement is evaluated
         * once per message and its rows go to both rules' actions; each rule still counts for itself.
         */
        void processAs(RuleMessage m, Worker earlier) {
            if (earlier.lastMessage != m) {
                process(m);
                return;
            }
            act(m, earlier.lastRows, earlier.lastFailure);
        }

        private void act(RuleMessage m, List<Map<String, Object>> rows, RuleEvaluationException failure) {
            matched.increment();
            if (failure != null) {
                failed.increment();
                lastError = failure.getMessage();
                logFailure(m, failure);
                return;
            }
            if (rows.isEmpty()) {
                noResult.increment();
                return;
            }
            passed.increment();
            for (Map<String, Object> row : rows) {
                for (RuleAction a : actions) {
                    a.offer(row); // never waits: a full queue drops and counts the row itself; actions only read rows
                }
            }
        }
    }

    /** A new worker for the calling thread (the engine keeps one per thread and rule). */
    Worker newWorker() {
        Worker w = new Worker();
        workers.add(w);
        return w;
    }

    /** Whether the rule is evaluated on the publishers' event loops (its cost is bounded), else on the engine's thread. */
    boolean inline() {
        return sql.hasBoundedCost();
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

    /** One line per 10 s at most: a rule that fails for every message must not flood the log. */
    private synchronized void logFailure(RuleMessage m, RuleEvaluationException e) {
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
                new RuleView.Counters(sum(w -> w.matched), sum(w -> w.passed), sum(w -> w.noResult), sum(w -> w.failed),
                        lastError),
                actions.stream().map(a -> new RuleView.ActionView(a.name(), kindOf(a), a.stats())).toList(), spec);
    }

    /** How often this rule's own statement was evaluated (less than matched when an earlier rule's was shared). */
    long evaluations() {
        return sum(w -> w.evaluations);
    }

    private long sum(Function<Worker, WorkerCounter> counter) {
        long total = 0;
        for (Worker w : workers) {
            total += counter.apply(w).sum();
        }
        return total;
    }

    private String kindOf(RuleAction a) {
        int i = actions.indexOf(a);
        return i < spec.actions().size() ? spec.actions().get(i).kind() : "";
    }
}
