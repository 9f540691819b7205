package io.wrenmq.server.rule.sql;

/**
 * AND, OR, NOT, IN and IS NULL. AND/OR/NOT use SQL's three values (true, false, null = unknown) and short-circuit;
 * WHERE then lets only true pass, so an unknown condition drops the message as a false one does.
 */
final class Logic {
    private Logic() {
    }

    static Expr and(Expr left, Expr right) {
        return Expr.fold(new Junction("AND", false, left, right), left, right);
    }

    static Expr or(Expr left, Expr right) {
        return Expr.fold(new Junction("OR", true, left, right), left, right);
    }

    static Expr not(Expr operand) {
        return Expr.fold(new Not(operand), operand);
    }

    /**
     * AND (false decides) and OR (true decides): the deciding value on either side is the result, without
     * looking further; else null when a side is null, else the other value.
     */
    private static final class Junction extends Expr {
        private final String name;
        private final Boolean decisive;
        private final Expr left;
        private final Expr right;

        Junction(String name, boolean decisive, Expr left, Expr right) {
            this.name = name;
            this.decisive = decisive;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(EvalContext c) {
            Boolean a = Values.logical(left.eval(c), name);
            if (decisive.equals(a)) {
                return decisive;
            }
            Boolean b = Values.logical(right.eval(c), name);
            if (decisive.equals(b)) {
                return decisive;
            }
            return a == null || b == null ? null : !decisive;
        }
    }

    private static final class Not extends Expr {
        private final Expr operand;

        Not(Expr operand) {
            this.operand = operand;
        }

        @Override
        Object eval(EvalContext c) {
            Boolean v = Values.logical(operand.eval(c), "NOT");
            return v == null ? null : !v;
        }
    }

    /** {@code x [NOT] IN (a, b, ...)}: whether x equals one of the values ({@link Values#equal}). */
    static final class In extends Expr {
        private final Expr value;
        private final Expr[] candidates;
        private final boolean negated;

        In(Expr value, Expr[] candidates, boolean negated) {
            this.value = value;
            this.candidates = candidates;
            this.negated = negated;
        }

        @Override
        Object eval(EvalContext c) {
            Object v = value.eval(c);
            for (Expr candidate : candidates) {
                if (Values.equal(v, candidate.eval(c))) {
                    return !negated;
                }
            }
            return negated;
        }
    }

    /** {@code x IS [NOT] NULL}. */
    static final class IsNull extends Expr {
        private final Expr value;
        private final boolean negated;

        IsNull(Expr value, boolean negated) {
            this.value = value;
            this.negated = negated;
        }

        @Override
        Object eval(EvalContext c) {
            return (value.eval(c) == null) != negated;
        }
    }
}
