package io.wrenmq.server.rule.sql;

import java.util.Locale;

/**
 * One lexical token: its kind, its text (for strings the value without quotes and escapes), and where it stands
 * ({@code start}/{@code end} are offsets into the statement; line and column are 1-based, for error messages).
 */
record Token(Kind kind, String text, int start, int end, int line, int column) {

    enum Kind {
        /** A name: a field, an alias, a function, or a keyword (keywords are told apart by the parser). */
        IDENT,
        /** A number literal: digits with an optional fraction and exponent. */
        NUMBER,
        /** A string in single quotes (NanoMQ's and EMQX's strings) or double quotes (topic filters). */
        STRING,
        COMMA, DOT, LPAREN, RPAREN, LBRACKET, RBRACKET,
        STAR, PLUS, MINUS, SLASH,
        EQ, NE, LT, LE, GT, GE,
        /** {@code =~}: topic matches filter. */
        MATCH,
        EOF
    }

    /** Whether this is the keyword {@code word} (upper case), in any case: {@code select}, {@code Select}. */
    boolean is(String word) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(word);
    }

    /** The token as an error message shows it. */
    String describe() {
        return switch (kind) {
            case EOF -> "the end of the statement";
            case STRING -> "string '" + text + "'";
            case IDENT -> Keywords.isReserved(text) ? text.toUpperCase(Locale.ROOT) : "'" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
