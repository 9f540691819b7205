package io.wrenmq.server.rule.sql;

import java.util.function.Supplier;

/**
 * A function as the parser knows it: its name, how many arguments it takes (checked at parse time), whether the
 * same arguments always give the same value (then a call on literals is computed once, at parse time), how a call
 * site gets its implementation (its own one when it keeps a cache, like the compiled regular expression), a check of
 * literal arguments at parse time, and whether a bare {@code payload} as first argument means the raw bytes.
 */
record FunctionSpec(String name, int minArgs, int maxArgs, boolean pure, Supplier<Impl> implementation,
        LiteralCheck check, boolean bytesFirstArg) {

    /** What a function computes from its evaluated arguments. */
    @FunctionalInterface
    interface Impl {
        Object apply(Arguments args);
    }

    /** A parse-time check of a literal argument: null when fine, else the reason it cannot work. */
    @FunctionalInterface
    interface LiteralCheck {
        String reason(int index, Object literal);
    }

    static final LiteralCheck NO_CHECK = (index, literal) -> null;

    static FunctionSpec pure(String name, int minArgs, int maxArgs, Impl impl) {
        return new FunctionSpec(name, minArgs, maxArgs, true, () -> impl, NO_CHECK, false);
    }

    static FunctionSpec impure(String name, int minArgs, int maxArgs, Impl impl) {
        return new FunctionSpec(name, minArgs, maxArgs, false, () -> impl, NO_CHECK, false);
    }

    /** One implementation per call site (for a cache that belongs to the call). */
    static FunctionSpec perCallSite(String name, int minArgs, int maxArgs, Supplier<Impl> implementation) {
        return new FunctionSpec(name, minArgs, maxArgs, true, implementation, NO_CHECK, false);
    }

    FunctionSpec checking(LiteralCheck literalCheck) {
        return new FunctionSpec(name, minArgs, maxArgs, pure, implementation, literalCheck, bytesFirstArg);
    }

    /** A bare {@code payload} as first argument is passed as the payload's bytes. */
    FunctionSpec onBytes() {
        return new FunctionSpec(name, minArgs, maxArgs, pure, implementation, check, true);
    }

    /** "takes 1 argument", "takes 2 or 3 arguments", "takes at least 2 arguments". */
    String arity() {
        if (maxArgs == Integer.MAX_VALUE) {
            return "takes at least " + minArgs + " arguments";
        }
        if (minArgs == maxArgs) {
            return "takes " + minArgs + (minArgs == 1 ? " argument" : " arguments");
        }
        return "takes " + minArgs + (maxArgs == minArgs + 1 ? " or " : " to ") + maxArgs + " arguments";
    }
}
