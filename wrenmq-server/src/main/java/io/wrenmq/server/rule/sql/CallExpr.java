package io.wrenmq.server.rule.sql;

/** A call of a built-in function: evaluates the arguments and hands them to the function's implementation. */
final class CallExpr extends Expr {
    private final String name;
    private final FunctionSpec.Impl impl;
    private final Expr[] args;

    private CallExpr(FunctionSpec spec, Expr[] args) {
        this.name = spec.name();
        this.impl = spec.implementation().get();
        this.args = args;
    }

    static Expr of(FunctionSpec spec, Expr[] args) {
        CallExpr call = new CallExpr(spec, args);
        return spec.pure() ? fold(call, args) : call;
    }

    @Override
    Object eval(EvalContext c) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].eval(c);
        }
        return impl.apply(new Arguments(name, values));
    }
}
