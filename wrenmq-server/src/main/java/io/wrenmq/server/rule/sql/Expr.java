package io.wrenmq.server.rule.sql;

/**
 * A compiled expression: one small object per operator, field, literal or call, built once at parse time and
 * shared by every evaluation (so it holds no per-message state; that lives in {@link EvalContext}).
 */
abstract class Expr {

    abstract Object eval(EvalContext c);

    /** Whether the value is known at parse time (a literal, or an operation folded from literals). */
    boolean isConstant() {
        return false;
    }

    /** A literal value. */
    static final class Literal extends Expr {
        private final Object value;

        Literal(Object value) {
            this.value = value;
        }

        Object value() {
            return value;
        }

        @Override
        Object eval(EvalContext c) {
            return value;
        }

        @Override
        boolean isConstant() {
            return true;
        }
    }

    /**
     * {@code node} replaced by its value when every operand is constant and the value is a scalar (collections
     * are not shared between evaluations, so rows never share a mutable value); left as it is when computing it
     * fails, so the failure shows at run time like any other.
     */
    static Expr fold(Expr node, Expr... operands) {
        for (Expr e : operands) {
            if (!e.isConstant()) {
                return node;
            }
        }
        try {
            Object v = node.eval(null);
            boolean scalar = v == null || v instanceof Boolean || v instanceof Long || v instanceof Double
                    || v instanceof String;
            return scalar ? new Literal(v) : node;
        } catch (RuleEvaluationException fails) {
            return node;
        }
    }
}
