package io.wrenmq.server.rule.sql;

import java.util.List;
import java.util.Map;

/**
 * A path into a value: {@code payload.a.b}, {@code payload.list[1]}, {@code payload.'odd key'},
 * {@code user_properties['k']}. As in EMQX: indexes start at 1 and count from the end when negative
 * ({@code [-1]} is the last element); a string on the way is read as JSON; a step that finds nothing (a missing
 * key, an index out of range, a value that is no map or array, a payload that is no JSON) makes the path null,
 * never an error. A path from the message's payload uses the payload parsed once per evaluation.
 */
final class PathExpr extends Expr {
    private final Expr base;
    private final boolean fromPayload;
    private final Step[] steps;

    PathExpr(Expr base, List<Step> steps) {
        this.base = base;
        this.fromPayload = base instanceof References.FieldRef f && f.field() == MessageField.PAYLOAD;
        this.steps = steps.toArray(new Step[0]);
    }

    @Override
    Object eval(EvalContext c) {
        Object v = fromPayload ? c.payloadJson() : base.eval(c);
        for (Step step : steps) {
            if (v == null) {
                return null;
            }
            if (v instanceof String s) {
                v = JsonModel.parseOrNull(s);
            }
            v = step.apply(v, c);
        }
        return v;
    }

    /** One step of a path: a key ({@code .name}) or an index ({@code [expr]}). */
    interface Step {
        Object apply(Object container, EvalContext c);
    }

    /** {@code .name}: the value under a key of a map. */
    record Key(String name) implements Step {
        @Override
        public Object apply(Object container, EvalContext c) {
            return container instanceof Map<?, ?> m ? m.get(name) : null;
        }
    }

    /** {@code [expr]}: an element of an array by an integer, or a value of a map by a string. */
    record Index(Expr index) implements Step {
        @Override
        public Object apply(Object container, EvalContext c) {
            Object i = index.eval(c);
            if (container instanceof List<?> list && i instanceof Long n) {
                return element(list, n);
            }
            if (container instanceof Map<?, ?> m && i instanceof String key) {
                return m.get(key);
            }
            return null;
        }

        private static Object element(List<?> list, long n) {
            long position = n > 0 ? n - 1 : list.size() + n;
            return n == 0 || position < 0 || position >= list.size() ? null : list.get((int) position);
        }
    }
}
