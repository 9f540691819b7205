package io.wrenmq.server.rule.sql;

import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.rule.sql.Projection.Item;
import io.wrenmq.server.rule.sql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and compiles a whole statement:
 * <pre>
 * SELECT field [, field ...] FROM filter [, filter ...] [WHERE cond]
 * FOREACH array [AS name] [DO field [, field ...]] [INCASE cond] FROM filter [, filter ...] [WHERE cond]
 * field := '*' | expr [AS name[.name ...]]
 * </pre>
 * Each field gets a slot; an aliased field's name enters the scope of the fields after it and of WHERE. In
 * FOREACH, slot 0 is the array and slot 1 the element, named {@code item} (and by the alias) in DO and INCASE,
 * while WHERE sees the alias as the whole array (EMQX's rules).
 */
final class StatementParser {
    private static final int ARRAY_SLOT = 0;
    private static final int ELEMENT_SLOT = 1;

    /** A compiled statement and what {@link RuleSql} tells about it. */
    /** @param boundedCost false when the statement calls a function of unbounded cost (a regular expression) */
    record Compiled(Statement statement, Expr[] slots, List<String> filters, boolean boundedCost) {
    }

    private final String text;
    private final TokenCursor in;
    private final ExpressionParser expressions;
    private final List<Expr> slots = new ArrayList<>();
    private final List<String> filters = new ArrayList<>();

    private StatementParser(String text, List<Token> tokens) {
        this.text = text;
        this.in = new TokenCursor(tokens);
        this.expressions = new ExpressionParser(in);
    }

    static Compiled parse(String text) throws RuleSqlException {
        StatementParser p = new StatementParser(text, Lexer.tokenize(text));
        return p.statement();
    }

    private Compiled statement() throws RuleSqlException {
        Statement statement;
        if (in.acceptKeyword("SELECT")) {
            Scope scope = new Scope();
            Projection fields = fields(scope);
            from("',' or FROM");
            statement = new Statement.Select(fields, where(scope));
        } else if (in.acceptKeyword("FOREACH")) {
            statement = foreach();
        } else {
            throw in.expected("SELECT or FOREACH");
        }
        if (!in.at(Kind.EOF)) {
            throw TokenCursor.error(in.peek(), "unexpected " + in.peek().describe() + " after the end of the statement"
                    + (in.peek().kind() == Kind.IDENT ? " (AND or OR missing?)" : ""));
        }
        return new Compiled(statement, slots.toArray(new Expr[0]), filters, !expressions.unboundedCost());
    }

    private Statement foreach() throws RuleSqlException {
        slots.add(expressions.expression(new Scope()));
        slots.add(null); // the element: set per element, never computed
        String alias = in.acceptKeyword("AS") ? name("a name for the array") : null;
        Scope whereScope = new Scope();
        Scope elementScope = new Scope();
        elementScope.bind("item", ELEMENT_SLOT);
        if (alias != null) {
            whereScope.bind(alias, ARRAY_SLOT);
            elementScope.bind(alias, ELEMENT_SLOT);
        }
        int firstDo = slots.size();
        Projection fields = in.acceptKeyword("DO") ? fields(elementScope.copy())
                : new Projection(List.of(Item.STAR, new Item(ELEMENT_SLOT, alias == null ? "item" : alias,
                        new String[0])));
        int endDo = slots.size();
        Expr incase = in.acceptKeyword("INCASE") ? expressions.expression(elementScope) : null;
        from(incase != null ? "FROM" : firstDo != endDo ? "',', INCASE or FROM"
                : alias != null ? "DO, INCASE or FROM" : "AS, DO, INCASE or FROM");
        Expr where = where(whereScope);
        return new Statement.Foreach(ARRAY_SLOT, ELEMENT_SLOT, where, incase, fields, firstDo, endDo);
    }

    private Projection fields(Scope scope) throws RuleSqlException {
        List<Item> items = new ArrayList<>();
        do {
            if (in.accept(Kind.STAR)) {
                if (in.atKeyword("AS")) {
                    throw TokenCursor.error(in.peek(), "'*' cannot have an alias");
                }
                items.add(Item.STAR);
                continue;
            }
            int start = in.peek().start();
            Expr e = expressions.expression(scope);
            int slot = slots.size();
            slots.add(e);
            if (in.acceptKeyword("AS")) {
                List<String> path = new ArrayList<>();
                path.add(name("an alias"));
                while (in.accept(Kind.DOT)) {
                    path.add(key());
                }
                String[] subpath = path.subList(1, path.size()).toArray(new String[0]);
                items.add(new Item(slot, path.get(0), subpath));
                scope.define(path.get(0), subpath, slot);
            } else {
                items.add(new Item(slot, text.substring(start, in.lastEnd()), new String[0]));
            }
        } while (in.accept(Kind.COMMA));
        return new Projection(items);
    }

    /** An alias: a name that is not a keyword, or a quoted string. */
    private String name(String what) throws RuleSqlException {
        Token t = in.peek();
        if (t.kind() == Kind.STRING || t.kind() == Kind.IDENT && !Keywords.isReserved(t.text())) {
            return in.next().text();
        }
        throw in.expected(what);
    }

    /** A key after '.' in an alias path: any name (keywords too) or a quoted string. */
    private String key() throws RuleSqlException {
        Token t = in.peek();
        if (t.kind() == Kind.STRING || t.kind() == Kind.IDENT) {
            return in.next().text();
        }
        throw in.expected("a key name after '.'");
    }

    /** {@code FROM "filter" [, "filter" ...]}; {@code expected} names what else could have come instead of FROM. */
    private void from(String expected) throws RuleSqlException {
        if (!in.acceptKeyword("FROM")) {
            throw in.expected(expected);
        }
        do {
            Token t = in.expect(Kind.STRING, "a topic filter in double quotes");
            String reason = filterReason(t.text());
            if (reason != null) {
                throw TokenCursor.error(t, "invalid topic filter \"" + t.text() + "\": " + reason);
            }
            filters.add(t.text());
        } while (in.accept(Kind.COMMA));
    }

    /**
     * Why a FROM filter cannot be used, or null: the topic filter rules of the codec's TopicSyntax; a shared
     * subscription ($share/, $queue/) makes no sense for a rule, which sees every message once.
     */
    private static String filterReason(String filter) {
        if (filter.startsWith(TopicSyntax.SHARE_PREFIX) || filter.startsWith(TopicSyntax.QUEUE_PREFIX)) {
            return "a rule takes plain topic filters, not shared subscriptions";
        }
        return TopicSyntax.invalidSyntaxReason(filter);
    }

    private Expr where(Scope scope) throws RuleSqlException {
        return in.acceptKeyword("WHERE") ? expressions.expression(scope) : null;
    }
}
