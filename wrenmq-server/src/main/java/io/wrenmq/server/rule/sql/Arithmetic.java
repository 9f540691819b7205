package io.wrenmq.server.rule.sql;

/**
 * {@code + - * / div mod} and unary minus, as EMQX computes them: integers stay integers except under {@code /}
 * (which always gives a float, like Erlang's); {@code div} and {@code mod} take integers only ({@code mod} has
 * the sign of the dividend); {@code +} with a string on either side concatenates the other side's text. An
 * integer overflow, a division by zero or a result that is no finite number makes the rule fail.
 */
final class Arithmetic extends Expr {

    enum Op {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), INT_DIV("div"), MOD("mod");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    private final Op op;
    private final Expr left;
    private final Expr right;

    private Arithmetic(Op op, Expr left, Expr right) {
        this.op = op;
        this.left = left;
        this.right = right;
    }

    static Expr of(Op op, Expr left, Expr right) {
        return fold(new Arithmetic(op, left, right), left, right);
    }

    static Expr negate(Expr operand) {
        return fold(new Negate(operand), operand);
    }

    @Override
    Object eval(EvalContext c) {
        return apply(op, left.eval(c), right.eval(c));
    }

    static Object apply(Op op, Object a, Object b) {
        if (op == Op.ADD && (a instanceof String || b instanceof String) && a != null && b != null) {
            return Values.text(a) + Values.text(b);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return integers(op, x, y);
        }
        if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
            if (op == Op.INT_DIV || op == Op.MOD) {
                throw new RuleEvaluationException("'" + op.symbol + "' needs integers, got " + Values.describe(a)
                        + " and " + Values.describe(b));
            }
            return floats(op, ((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        throw new RuleEvaluationException("cannot apply '" + op.symbol + "' to " + Values.describe(a) + " and "
                + Values.describe(b));
    }

    private static Object integers(Op op, long x, long y) {
        try {
            return switch (op) {
                case ADD -> Math.addExact(x, y);
                case SUB -> Math.subtractExact(x, y);
                case MUL -> Math.multiplyExact(x, y);
                case DIV -> floats(op, x, y);
                case INT_DIV -> {
                    nonZero(y);
                    yield x == Long.MIN_VALUE && y == -1 ? Math.negateExact(x) : x / y;
                }
                case MOD -> {
                    nonZero(y);
                    yield x % y;
                }
            };
        } catch (ArithmeticException overflow) {
            throw new RuleEvaluationException("integer overflow in " + x + " " + op.symbol + " " + y);
        }
    }

    private static Double floats(Op op, double x, double y) {
        double r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            default -> {
                nonZero(y);
                yield x / y;
            }
        };
        return Values.finite(r, "'" + op.symbol + "'");
    }

    private static void nonZero(double divisor) {
        if (divisor == 0) {
            throw new RuleEvaluationException("division by zero");
        }
    }

    /** Unary minus. */
    private static final class Negate extends Expr {
        private final Expr operand;

        Negate(Expr operand) {
            this.operand = operand;
        }

        @Override
        Object eval(EvalContext c) {
            Object v = operand.eval(c);
            if (v instanceof Long n) {
                if (n == Long.MIN_VALUE) {
                    throw new RuleEvaluationException("integer overflow in -(" + n + ")");
                }
                return -n;
            }
            if (v instanceof Double d) {
                return -d;
            }
            throw new RuleEvaluationException("cannot negate " + Values.describe(v));
        }
    }
}
