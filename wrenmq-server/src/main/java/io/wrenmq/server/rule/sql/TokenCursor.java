package io.wrenmq.server.rule.sql;

import io.wrenmq.server.rule.sql.Token.Kind;
import java.util.List;

/** Reading position in the token list, with the "expected X, got Y" errors at the offending token. */
final class TokenCursor {
    private final List<Token> tokens;
    private int index;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(index);
    }

    /** The token after the next one (the list always ends with EOF, which is never passed). */
    Token peekSecond() {
        return tokens.get(Math.min(index + 1, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Kind.EOF) {
            index++;
        }
        return t;
    }

    /** The end offset of the last token taken: where the text of what was just parsed ends. */
    int lastEnd() {
        return index == 0 ? 0 : tokens.get(index - 1).end();
    }

    boolean at(Kind kind) {
        return peek().kind() == kind;
    }

    boolean atKeyword(String word) {
        return peek().is(word);
    }

    boolean accept(Kind kind) {
        if (at(kind)) {
            next();
            return true;
        }
        return false;
    }

    boolean acceptKeyword(String word) {
        if (atKeyword(word)) {
            next();
            return true;
        }
        return false;
    }

    Token expect(Kind kind, String what) throws RuleSqlException {
        if (!at(kind)) {
            throw expected(what);
        }
        return next();
    }

    void expectKeyword(String word) throws RuleSqlException {
        if (!acceptKeyword(word)) {
            throw expected(word);
        }
    }

    /** "expected {what}, got {the next token}" at the next token. */
    RuleSqlException expected(String what) {
        return error(peek(), "expected " + what + ", got " + peek().describe());
    }

    static RuleSqlException error(Token at, String reason) {
        return new RuleSqlException(at.line(), at.column(), reason);
    }
}
