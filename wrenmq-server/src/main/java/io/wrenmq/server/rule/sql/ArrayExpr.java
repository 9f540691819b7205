package io.wrenmq.server.rule.sql;

import java.util.ArrayList;
import java.util.List;

/** {@code [a, b, c]}: an array of the values, a new list per evaluation. */
final class ArrayExpr extends Expr {
    private final Expr[] items;

    ArrayExpr(List<Expr> items) {
        this.items = items.toArray(new Expr[0]);
    }

    @Override
    Object eval(EvalContext c) {
        List<Object> list = new ArrayList<>(items.length);
        for (Expr e : items) {
            list.add(e.eval(c));
        }
        return list;
    }
}
