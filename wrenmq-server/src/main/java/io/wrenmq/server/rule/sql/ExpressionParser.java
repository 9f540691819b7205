package io.wrenmq.server.rule.sql;

import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.rule.sql.Comparison.TopicMatch;
import io.wrenmq.server.rule.sql.Expr.Literal;
import io.wrenmq.server.rule.sql.References.FieldRef;
import io.wrenmq.server.rule.sql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over expressions, building the evaluator tree directly (names resolved, functions looked up
 * and argument counts checked, literal operations folded). Precedence, loosest first: OR; AND; NOT; comparisons,
 * {@code =~}, IN, IS NULL (not chained); {@code + -}; {@code * / div mod}; unary minus; paths
 * ({@code .key}, {@code [index]}); literals, names, calls, {@code (...)}, {@code [...]}, CASE.
 */
final class ExpressionParser {
    /** Deeper nesting is refused rather than risking the parser's (and the evaluator's) stack. */
    static final int MAX_DEPTH = 100;

    private final TokenCursor in;
    private int depth;
    private boolean unboundedCost;

    ExpressionParser(TokenCursor in) {
        this.in = in;
    }

    /** Whether an expression parsed so far calls a function of unbounded cost (see FunctionRegistry). */
    boolean unboundedCost() {
        return unboundedCost;
    }

    Expr expression(Scope scope) throws RuleSqlException {
        enter();
        try {
            return or(scope);
        } finally {
            depth--;
        }
    }

    private void enter() throws RuleSqlException {
        if (++depth > MAX_DEPTH) {
            depth--;
            throw TokenCursor.error(in.peek(), "expression nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
    }

    private Expr or(Scope scope) throws RuleSqlException {
        Expr left = and(scope);
        while (in.acceptKeyword("OR")) {
            left = Logic.or(left, and(scope));
        }
        return left;
    }

    private Expr and(Scope scope) throws RuleSqlException {
        Expr left = not(scope);
        while (in.acceptKeyword("AND")) {
            left = Logic.and(left, not(scope));
        }
        return left;
    }

    private Expr not(Scope scope) throws RuleSqlException {
        if (!in.acceptKeyword("NOT")) {
            return comparison(scope);
        }
        enter();
        try {
            return Logic.not(not(scope));
        } finally {
            depth--;
        }
    }

    private Expr comparison(Scope scope) throws RuleSqlException {
        Expr left = additive(scope);
        Token t = in.peek();
        Comparison.Op op = switch (t.kind()) {
            case EQ -> Comparison.Op.EQ;
            case NE -> Comparison.Op.NE;
            case LT -> Comparison.Op.LT;
            case LE -> Comparison.Op.LE;
            case GT -> Comparison.Op.GT;
            case GE -> Comparison.Op.GE;
            default -> null;
        };
        if (op != null) {
            in.next();
            return Comparison.of(op, left, additive(scope));
        }
        if (in.accept(Kind.MATCH)) {
            Token filterAt = in.peek();
            Expr filter = additive(scope);
            checkLiteralFilter(filter, filterAt);
            return new TopicMatch(left, filter);
        }
        if (in.atKeyword("IN") || in.atKeyword("NOT") && in.peekSecond().is("IN")) {
            boolean negated = in.acceptKeyword("NOT");
            in.next();
            return new Logic.In(left, list(scope, Kind.LPAREN, Kind.RPAREN, "'(' after IN").toArray(new Expr[0]),
                    negated);
        }
        if (in.acceptKeyword("IS")) {
            boolean negated = in.acceptKeyword("NOT");
            in.expectKeyword("NULL");
            return new Logic.IsNull(left, negated);
        }
        return left;
    }

    private static void checkLiteralFilter(Expr filter, Token at) throws RuleSqlException {
        if (filter instanceof Literal l && l.value() instanceof String f) {
            String reason = TopicSyntax.invalidSyntaxReason(f);
            if (reason != null) {
                throw TokenCursor.error(at, "invalid topic filter '" + f + "': " + reason);
            }
        }
    }

    private Expr additive(Scope scope) throws RuleSqlException {
        Expr left = multiplicative(scope);
        while (true) {
            if (in.accept(Kind.PLUS)) {
                left = Arithmetic.of(Arithmetic.Op.ADD, left, multiplicative(scope));
            } else if (in.accept(Kind.MINUS)) {
                left = Arithmetic.of(Arithmetic.Op.SUB, left, multiplicative(scope));
            } else {
                return left;
            }
        }
    }

    private Expr multiplicative(Scope scope) throws RuleSqlException {
        Expr left = unary(scope);
        while (true) {
            Arithmetic.Op op = in.accept(Kind.STAR) ? Arithmetic.Op.MUL
                    : in.accept(Kind.SLASH) ? Arithmetic.Op.DIV
                    : in.acceptKeyword("DIV") ? Arithmetic.Op.INT_DIV
                    : in.acceptKeyword("MOD") ? Arithmetic.Op.MOD : null;
            if (op == null) {
                return left;
            }
            left = Arithmetic.of(op, left, unary(scope));
        }
    }

    private Expr unary(Scope scope) throws RuleSqlException {
        boolean minus = in.at(Kind.MINUS);
        if (!minus && !in.at(Kind.PLUS)) {
            return postfix(scope);
        }
        in.next();
        enter();
        try {
            Expr operand = unary(scope);
            return minus ? Arithmetic.negate(operand) : operand;
        } finally {
            depth--;
        }
    }

    private Expr postfix(Scope scope) throws RuleSqlException {
        Expr base = primary(scope);
        List<PathExpr.Step> steps = new ArrayList<>();
        while (true) {
            if (in.accept(Kind.DOT)) {
                Token key = in.peek();
                if (key.kind() != Kind.IDENT && key.kind() != Kind.STRING) {
                    throw in.expected("a key name after '.'");
                }
                steps.add(new PathExpr.Key(in.next().text()));
            } else if (in.at(Kind.LBRACKET)) {
                Token open = in.next();
                Expr index = expression(scope);
                in.expect(Kind.RBRACKET, "']'");
                checkLiteralIndex(index, open);
                steps.add(new PathExpr.Index(index));
            } else {
                return steps.isEmpty() ? base : new PathExpr(base, steps);
            }
        }
    }

    private static void checkLiteralIndex(Expr index, Token at) throws RuleSqlException {
        if (index instanceof Literal l) {
            Object v = l.value();
            if (!(v instanceof Long || v instanceof String)) {
                throw TokenCursor.error(at, "an index must be an integer or a string key, got " + Values.describe(v));
            }
            if (Long.valueOf(0).equals(v)) {
                throw TokenCursor.error(at, "array positions start at 1 ([1] is the first, [-1] the last)");
            }
        }
    }

    private Expr primary(Scope scope) throws RuleSqlException {
        Token t = in.peek();
        switch (t.kind()) {
            case NUMBER:
                in.next();
                return new Literal(number(t));
            case STRING:
                in.next();
                return new Literal(t.text());
            case LPAREN: {
                in.next();
                Expr e = expression(scope);
                in.expect(Kind.RPAREN, "')'");
                return e;
            }
            case LBRACKET:
                return new ArrayExpr(list(scope, Kind.LBRACKET, Kind.RBRACKET, "'['"));
            case IDENT:
                return name(scope, t);
            default:
                throw in.expected("an expression");
        }
    }

    private Expr name(Scope scope, Token t) throws RuleSqlException {
        if (t.is("TRUE") || t.is("FALSE") || t.is("NULL")) {
            in.next();
            return new Literal(t.is("NULL") ? null : t.is("TRUE"));
        }
        if (t.is("CASE")) {
            in.next();
            return caseExpr(scope);
        }
        if (Keywords.isReserved(t.text())) {
            throw in.expected("an expression");
        }
        if (in.peekSecond().kind() == Kind.LPAREN) {
            return call(scope);
        }
        in.next();
        Expr ref = scope.resolve(t.text());
        if (ref == null) {
            throw TokenCursor.error(t, "unknown field '" + t.text() + "' (the message has " + MessageField.names()
                    + "; aliases are known after their AS)");
        }
        return ref;
    }

    private Expr call(Scope scope) throws RuleSqlException {
        Token name = in.next();
        FunctionSpec spec = FunctionRegistry.find(name.text());
        if (spec == null) {
            throw TokenCursor.error(name, "unknown function '" + name.text() + "'");
        }
        List<Token> starts = new ArrayList<>();
        List<Expr> args = new ArrayList<>();
        in.expect(Kind.LPAREN, "'('");
        if (!in.accept(Kind.RPAREN)) {
            do {
                starts.add(in.peek());
                args.add(expression(scope));
            } while (in.accept(Kind.COMMA));
            in.expect(Kind.RPAREN, "',' or ')'");
        }
        if (args.size() < spec.minArgs() || args.size() > spec.maxArgs()) {
            throw TokenCursor.error(name, "function '" + spec.name() + "' " + spec.arity() + ", got " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Literal l) {
                String reason = spec.check().reason(i, l.value());
                if (reason != null) {
                    throw TokenCursor.error(starts.get(i), spec.name() + ": " + reason);
                }
            }
        }
        if (spec.bytesFirstArg() && args.get(0) instanceof FieldRef f && f.field() == MessageField.PAYLOAD) {
            args.set(0, new References.PayloadBytes());
        }
        unboundedCost |= FunctionRegistry.hasUnboundedCost(spec);
        return CallExpr.of(spec, args.toArray(new Expr[0]));
    }

    private Expr caseExpr(Scope scope) throws RuleSqlException {
        Expr subject = in.atKeyword("WHEN") ? null : expression(scope);
        List<Expr> whens = new ArrayList<>();
        List<Expr> thens = new ArrayList<>();
        if (!in.atKeyword("WHEN")) {
            throw in.expected("WHEN");
        }
        while (in.acceptKeyword("WHEN")) {
            whens.add(expression(scope));
            in.expectKeyword("THEN");
            thens.add(expression(scope));
        }
        Expr otherwise = in.acceptKeyword("ELSE") ? expression(scope) : null;
        if (!in.acceptKeyword("END")) {
            throw in.expected(otherwise == null ? "WHEN, ELSE or END" : "END");
        }
        return new CaseExpr(subject, whens.toArray(new Expr[0]), thens.toArray(new Expr[0]), otherwise);
    }

    /** {@code open e, e, ... close} (possibly empty). */
    private List<Expr> list(Scope scope, Kind open, Kind close, String openWhat) throws RuleSqlException {
        in.expect(open, openWhat);
        List<Expr> items = new ArrayList<>();
        if (in.accept(close)) {
            return items;
        }
        do {
            items.add(expression(scope));
        } while (in.accept(Kind.COMMA));
        in.expect(close, close == Kind.RPAREN ? "',' or ')'" : "',' or ']'");
        return items;
    }

    private static Object number(Token t) throws RuleSqlException {
        Number n = Values.parseNumber(t.text());
        if (n == null) {
            throw TokenCursor.error(t, "number out of range: " + t.text());
        }
        return n;
    }
}
