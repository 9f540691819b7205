package io.wrenmq.server.rule.sql;

import io.wrenmq.server.rule.sql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement into tokens. Strings are quoted with ' (values, as in NanoMQ and EMQX) or " (topic filters,
 * though EMQX takes either anywhere); inside them {@code \'}, {@code \"} and {@code \\} escape the quote and the
 * backslash, a doubled quote ({@code 'it''s'}) stands for one, and any other backslash is kept as written, so that
 * regular expressions like {@code '\d+'} need no doubling.
 */
final class Lexer {
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String text) {
        this.text = text;
    }

    /** All tokens of {@code text}, the last one {@link Kind#EOF}. */
    static List<Token> tokenize(String text) throws RuleSqlException {
        return new Lexer(text).run();
    }

    private List<Token> run() throws RuleSqlException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                tokens.add(new Token(Kind.EOF, "", pos, pos, line, column(pos)));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (!Character.isWhitespace(c)) {
                return;
            }
            pos++;
        }
    }

    private int column(int offset) {
        return offset - lineStart + 1;
    }

    private Token next() throws RuleSqlException {
        int start = pos;
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return token(Kind.IDENT, text.substring(start, pos), start);
        }
        if (isDigit(c)) {
            return number(start);
        }
        if (c == '\'' || c == '"') {
            return string(start, c);
        }
        pos++;
        return switch (c) {
            case ',' -> token(Kind.COMMA, ",", start);
            case '.' -> token(Kind.DOT, ".", start);
            case '(' -> token(Kind.LPAREN, "(", start);
            case ')' -> token(Kind.RPAREN, ")", start);
            case '[' -> token(Kind.LBRACKET, "[", start);
            case ']' -> token(Kind.RBRACKET, "]", start);
            case '*' -> token(Kind.STAR, "*", start);
            case '+' -> token(Kind.PLUS, "+", start);
            case '-' -> token(Kind.MINUS, "-", start);
            case '/' -> token(Kind.SLASH, "/", start);
            case '=' -> follows('~') ? token(Kind.MATCH, "=~", start) : token(Kind.EQ, "=", start);
            case '!' -> {
                if (follows('=')) {
                    yield token(Kind.NE, "!=", start);
                }
                throw error(start, "unexpected character '!' (did you mean '!='?)");
            }
            case '<' -> follows('=') ? token(Kind.LE, "<=", start)
                    : follows('>') ? token(Kind.NE, "<>", start) : token(Kind.LT, "<", start);
            case '>' -> follows('=') ? token(Kind.GE, ">=", start) : token(Kind.GT, ">", start);
            default -> throw error(start, "unexpected character '" + printable(c) + "'");
        };
    }

    private boolean follows(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private Token number(int start) throws RuleSqlException {
        digits();
        if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error(mark, "expected digits in the exponent of a number");
            }
            digits();
        }
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            throw error(pos, "unexpected '" + printable(text.charAt(pos)) + "' after a number");
        }
        return token(Kind.NUMBER, text.substring(start, pos), start);
    }

    private void digits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token string(int start, char quote) throws RuleSqlException {
        int startLine = line;
        int startColumn = column(start);
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new RuleSqlException(startLine, startColumn, "unterminated string: no closing " + quote);
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                if (pos < text.length() && text.charAt(pos) == quote) {
                    value.append(quote);
                    pos++;
                    continue;
                }
                return new Token(Kind.STRING, value.toString(), start, pos, startLine, startColumn);
            }
            if (c == '\\' && pos < text.length() && (text.charAt(pos) == quote || text.charAt(pos) == '\\')) {
                value.append(text.charAt(pos++));
                continue;
            }
            if (c == '\n') {
                line++;
                lineStart = pos;
            }
            value.append(c);
        }
    }

    private Token token(Kind kind, String value, int start) {
        return new Token(kind, value, start, pos, line, column(start));
    }

    private RuleSqlException error(int offset, String reason) {
        return new RuleSqlException(line, column(offset), reason);
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
