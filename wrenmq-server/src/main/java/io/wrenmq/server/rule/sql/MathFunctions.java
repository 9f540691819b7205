package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.FunctionSpec.pure;

import java.util.function.Consumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Mathematical functions, with EMQX's names ({@code power}; {@code pow} is the same function). They take integers
 * and floats; a result that is no finite number ({@code sqrt(-1)}, {@code log(0)}) makes the rule fail, as the
 * Erlang functions EMQX calls do. {@code abs} keeps the argument's type; {@code ceil}, {@code floor} and
 * {@code round} give integers ({@code round} halves away from zero, like Erlang's).
 */
final class MathFunctions {
    private MathFunctions() {
    }

    static void register(Consumer<FunctionSpec> add) {
        add.accept(pure("abs", 1, 1, MathFunctions::abs));
        add.accept(pure("ceil", 1, 1, a -> toInteger(a, Math.ceil(a.number(0)))));
        add.accept(pure("floor", 1, 1, a -> toInteger(a, Math.floor(a.number(0)))));
        add.accept(pure("round", 1, 1,
                a -> toInteger(a, Math.signum(a.number(0)) * Math.floor(Math.abs(a.number(0)) + 0.5))));
        add.accept(unary("sqrt", Math::sqrt));
        add.accept(unary("exp", Math::exp));
        add.accept(unary("log", Math::log));
        add.accept(unary("log10", Math::log10));
        add.accept(unary("log2", x -> Math.log(x) / Math.log(2)));
        add.accept(unary("sin", Math::sin));
        add.accept(unary("cos", Math::cos));
        add.accept(unary("tan", Math::tan));
        add.accept(unary("asin", Math::asin));
        add.accept(unary("acos", Math::acos));
        add.accept(unary("atan", Math::atan));
        add.accept(unary("sinh", Math::sinh));
        add.accept(unary("cosh", Math::cosh));
        add.accept(unary("tanh", Math::tanh));
        add.accept(binary("power", Math::pow));
        add.accept(binary("pow", Math::pow));
        add.accept(binary("fmod", (x, y) -> x % y));
    }

    private static FunctionSpec unary(String name, DoubleUnaryOperator f) {
        return pure(name, 1, 1, a -> Values.finite(f.applyAsDouble(a.number(0)), name));
    }

    private static FunctionSpec binary(String name, DoubleBinaryOperator f) {
        return pure(name, 2, 2, a -> Values.finite(f.applyAsDouble(a.number(0), a.number(1)), name));
    }

    private static Object abs(Arguments a) {
        Number n = a.numeric(0);
        if (n instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw a.fail("integer overflow");
            }
            return Math.abs(l);
        }
        return Math.abs(n.doubleValue());
    }

    /** An integral double as a Long; integers keep their exact value. */
    private static Object toInteger(Arguments a, double d) {
        if (a.value(0) instanceof Long l) {
            return l;
        }
        if (d < -0x1p63 || d >= 0x1p63) {
            throw a.fail("the result " + d + " does not fit in a 64-bit integer");
        }
        return (long) d;
    }
}
