package io.wrenmq.server.rule.sql;

/**
 * {@code CASE WHEN cond THEN v ... [ELSE e] END} (the first condition that is true picks its value) and
 * {@code CASE x WHEN a THEN v ... END} (the first {@code a} equal to x, by {@link Values#equal}). Without ELSE and
 * without a match the value is null.
 */
final class CaseExpr extends Expr {
    private final Expr subject;
    private final Expr[] whens;
    private final Expr[] thens;
    private final Expr otherwise;

    CaseExpr(Expr subject, Expr[] whens, Expr[] thens, Expr otherwise) {
        this.subject = subject;
        this.whens = whens;
        this.thens = thens;
        this.otherwise = otherwise;
    }

    @Override
    Object eval(EvalContext c) {
        Object on = subject == null ? null : subject.eval(c);
        for (int i = 0; i < whens.length; i++) {
            Object w = whens[i].eval(c);
            boolean hit = subject == null ? Values.passes(w, "WHEN") : Values.equal(on, w);
            if (hit) {
                return thens[i].eval(c);
            }
        }
        return otherwise == null ? null : otherwise.eval(c);
    }
}
