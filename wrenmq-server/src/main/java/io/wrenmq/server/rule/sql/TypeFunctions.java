package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.FunctionSpec.pure;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Type tests ({@code is_null}, {@code is_num}, ...) and conversions ({@code str}, {@code int}, {@code float},
 * {@code bool}). A conversion takes null to null; a value it cannot convert makes the rule fail (EMQX: "Failure to
 * convert will cause SQL matching to fail"). {@code int} of a float cuts the fraction off (toward zero).
 */
final class TypeFunctions {
    private TypeFunctions() {
    }

    static void register(Consumer<FunctionSpec> add) {
        add.accept(test("is_null", v -> v == null));
        add.accept(test("is_not_null", v -> v != null));
        add.accept(test("is_str", v -> v instanceof String));
        add.accept(test("is_bool", v -> v instanceof Boolean));
        add.accept(test("is_int", v -> v instanceof Long));
        add.accept(test("is_float", v -> v instanceof Double));
        add.accept(test("is_num", v -> v instanceof Long || v instanceof Double));
        add.accept(test("is_map", v -> v instanceof Map));
        add.accept(test("is_array", v -> v instanceof List));
        add.accept(pure("str", 1, 1, a -> a.value(0) == null ? null : Values.text(a.value(0))));
        add.accept(pure("str_utf8", 1, 1, a -> a.value(0) == null ? null : Values.text(a.value(0))));
        add.accept(pure("int", 1, 1, TypeFunctions::toInt));
        add.accept(pure("float", 1, 1, TypeFunctions::toFloat));
        add.accept(pure("bool", 1, 1, TypeFunctions::toBool));
    }

    private static FunctionSpec test(String name, Predicate<Object> p) {
        return pure(name, 1, 1, a -> p.test(a.value(0)));
    }

    private static Object toInt(Arguments a) {
        Object v = a.value(0);
        if (v == null || v instanceof Long) {
            return v;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        Number n = v instanceof String s ? Values.parseNumber(s) : v instanceof Double d ? d : null;
        if (n instanceof Long) {
            return n;
        }
        if (n != null && n.doubleValue() > -0x1p63 && n.doubleValue() < 0x1p63) {
            return (long) n.doubleValue();
        }
        throw a.fail("cannot convert " + Values.describe(v) + " to an integer");
    }

    private static Object toFloat(Arguments a) {
        Object v = a.value(0);
        if (v == null || v instanceof Double) {
            return v;
        }
        Number n = v instanceof String s ? Values.parseNumber(s) : v instanceof Long l ? l : null;
        if (n == null) {
            throw a.fail("cannot convert " + Values.describe(v) + " to a float");
        }
        return n.doubleValue();
    }

    private static Object toBool(Arguments a) {
        Object v = a.value(0);
        if (v == null || v instanceof Boolean) {
            return v;
        }
        if ("true".equals(v) || Long.valueOf(1).equals(v)) {
            return true;
        }
        if ("false".equals(v) || Long.valueOf(0).equals(v)) {
            return false;
        }
        throw a.fail("cannot convert " + Values.describe(v) + " to a boolean (true, false, 'true', 'false', 1, 0)");
    }
}
