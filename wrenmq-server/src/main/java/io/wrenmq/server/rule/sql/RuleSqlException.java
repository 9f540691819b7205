package io.wrenmq.server.rule.sql;

/**
 * A statement that does not parse: where (1-based line and column of the offending token or character) and why
 * (what was expected). The message reads {@code line L, column C: reason}.
 */
public final class RuleSqlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    public RuleSqlException(int line, int column, String reason) {
        super("line " + line + ", column " + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
