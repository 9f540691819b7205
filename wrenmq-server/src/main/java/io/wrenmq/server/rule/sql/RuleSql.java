package io.wrenmq.server.rule.sql;

import io.wrenmq.codec.TopicSyntax;
import java.util.List;
import java.util.Map;

/**
 * One rule statement, parsed and compiled once: {@code SELECT ... FROM "filter" [WHERE ...]} or
 * {@code FOREACH ... FROM "filter" [WHERE ...]} in EMQX's rule SQL, which includes every NanoMQ rule statement.
 * Immutable and safe to evaluate from many threads at once (each evaluation keeps its state to itself).
 *
 * <p>The engine asks {@link #matchesTopic} first and evaluates only matching messages; {@link #evaluate} gives the
 * rows for the actions. The language is described in docs/rules.md, "Rule SQL".
 */
public final class RuleSql {
    private final String text;
    private final List<String> filters;
    /** Per filter: whether it has a wildcard (else a topic matches it only by being equal). */
    private final boolean[] wildcard;
    private final Statement statement;
    private final Expr[] slots;

    private RuleSql(String text, StatementParser.Compiled compiled) {
        this.text = text;
        this.filters = List.copyOf(compiled.filters());
        this.wildcard = new boolean[filters.size()];
        for (int i = 0; i < wildcard.length; i++) {
            wildcard[i] = TopicSyntax.hasWildcard(filters.get(i));
        }
        this.statement = compiled.statement();
        this.slots = compiled.slots();
    }

    /**
     * Parses and compiles a statement. Every problem is a {@link RuleSqlException} naming the line and column and
     * what was expected there; nothing else is thrown.
     */
    public static RuleSql parse(String sql) throws RuleSqlException {
        if (sql == null || sql.isBlank()) {
            throw new RuleSqlException(1, 1, "empty statement: expected SELECT or FOREACH");
        }
        try {
            return new RuleSql(sql, StatementParser.parse(sql));
        } catch (RuntimeException | StackOverflowError bug) {
            // A parser bug must not escape as an unexpected exception into config loading or the REST API.
            throw new RuleSqlException(1, 1, "internal error while parsing: " + bug);
        }
    }

    /** The FROM topic filters, in order (each valid by the codec's TopicSyntax). */
    public List<String> topicFilters() {
        return filters;
    }

    /** Whether any FROM filter matches {@code topic} (subscription matching: '+', '#', and '$' topics). */
    public boolean matchesTopic(String topic) {
        for (int i = 0; i < wildcard.length; i++) {
            String filter = filters.get(i);
            if (wildcard[i] ? TopicSyntax.matches(filter, topic) : filter.equals(topic)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rows the message gives: none when WHERE is not true; one for SELECT; one per accepted element for
     * FOREACH. Rows are new {@code LinkedHashMap}s in select order holding only null, Boolean, Long, Double,
     * String, List and Map values. Does not look at the topic: call {@link #matchesTopic} first.
     *
     * @throws RuleEvaluationException when the statement cannot be computed for this message (a wrong type, a
     *     division by zero, a function refusing its arguments)
     */
    public List<Map<String, Object>> evaluate(RuleMessage message) {
        return rows(new EvalContext(slots), message);
    }

    /**
     * An evaluator for ONE thread (the rule engine's): {@link #evaluate} that reuses its evaluation state from
     * message to message, so a message its WHERE drops allocates nothing.
     */
    public Evaluator evaluator() {
        return new Evaluator(new EvalContext(slots));
    }

    /** See {@link #evaluator()}; not thread-safe. */
    public final class Evaluator {
        private final EvalContext context;

        private Evaluator(EvalContext context) {
            this.context = context;
        }

        /** {@link RuleSql#evaluate} of this statement. */
        public List<Map<String, Object>> evaluate(RuleMessage message) {
            return rows(context, message);
        }
    }

    private List<Map<String, Object>> rows(EvalContext context, RuleMessage message) {
        try {
            return statement.rows(context.start(message));
        } catch (RuleEvaluationException e) {
            throw e;
        } catch (RuntimeException bug) {
            throw new RuleEvaluationException("internal error: " + bug, bug);
        }
    }

    /** The row's column names in select order; "*" stands where the message fields go (they expand at evaluation). */
    public List<String> selectedNames() {
        return statement.names();
    }

    /** The statement as given. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
