package io.wrenmq.server.rule.sql;

import java.util.List;

/**
 * A function argument that names one of a few modes ({@code split(s, '/', 'notrim')}, {@code now_timestamp('second')}):
 * the same check at parse time for a literal and at run time for a computed value.
 */
record Modes(int index, List<String> allowed, String what) implements FunctionSpec.LiteralCheck {

    static Modes of(int index, String what, String... allowed) {
        return new Modes(index, List.of(allowed), what);
    }

    @Override
    public String reason(int i, Object literal) {
        boolean known = literal instanceof String s && allowed.contains(s);
        return i == index && !known ? unknown(literal) : null;
    }

    /** The mode argument when given (it must be one of the allowed), else {@code fallback}. */
    String read(Arguments a, String fallback) {
        if (index >= a.size()) {
            return fallback;
        }
        String mode = a.string(index);
        if (!allowed.contains(mode)) {
            throw a.fail(unknown(mode));
        }
        return mode;
    }

    private String unknown(Object v) {
        String shown = v instanceof String s ? "'" + s + "'" : Values.describe(v);
        return "unknown " + what + " " + shown + " (expected " + String.join(", ", allowed) + ")";
    }
}
