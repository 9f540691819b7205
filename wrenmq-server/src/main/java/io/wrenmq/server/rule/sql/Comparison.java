package io.wrenmq.server.rule.sql;

import io.wrenmq.codec.TopicSyntax;

/**
 * {@code = != <> < <= > >=} and {@code =~}. Null is handled as EMQX does: null = null holds, and any other
 * comparison with a null on one side is false (so {@code x != 'a'} is false when x is missing). Equality and
 * ordering of the other values are {@link Values#equal} and {@link Values#order}.
 */
final class Comparison extends Expr {

    enum Op {
        EQ, NE, LT, LE, GT, GE
    }

    private final Op op;
    private final Expr left;
    private final Expr right;

    private Comparison(Op op, Expr left, Expr right) {
        this.op = op;
        this.left = left;
        this.right = right;
    }

    static Expr of(Op op, Expr left, Expr right) {
        return fold(new Comparison(op, left, right), left, right);
    }

    @Override
    Object eval(EvalContext c) {
        return compare(op, left.eval(c), right.eval(c));
    }

    static Boolean compare(Op op, Object a, Object b) {
        if (a == null || b == null) {
            boolean both = a == b;
            return both && (op == Op.EQ || op == Op.LE || op == Op.GE);
        }
        return switch (op) {
            case EQ -> Values.equal(a, b);
            case NE -> !Values.equal(a, b);
            case LT -> Values.order(a, b) < 0;
            case LE -> Values.order(a, b) <= 0;
            case GT -> Values.order(a, b) > 0;
            case GE -> Values.order(a, b) >= 0;
        };
    }

    /**
     * {@code topic =~ 'filter'}: whether the topic on the left matches the filter on the right (TopicSyntax's
     * matching, so '+' and '#' and the '$' rule [MQTT-4.7.2-1] work as in subscriptions). A literal filter is
     * checked when the statement is parsed; a computed one that is no valid filter makes the rule fail.
     */
    static final class TopicMatch extends Expr {
        private final Expr topic;
        private final Expr filter;

        TopicMatch(Expr topic, Expr filter) {
            this.topic = topic;
            this.filter = filter;
        }

        @Override
        Object eval(EvalContext c) {
            Object t = topic.eval(c);
            Object f = filter.eval(c);
            if (t == null || f == null) {
                return false;
            }
            if (!(t instanceof String name) || !(f instanceof String pattern)) {
                throw new RuleEvaluationException("'=~' needs a topic and a filter (strings), got "
                        + Values.describe(t) + " and " + Values.describe(f));
            }
            if (!filter.isConstant()) {
                String reason = TopicSyntax.invalidSyntaxReason(pattern);
                if (reason != null) {
                    throw new RuleEvaluationException("'=~': invalid topic filter '" + pattern + "': " + reason);
                }
            }
            return TopicSyntax.matches(pattern, name);
        }
    }
}
