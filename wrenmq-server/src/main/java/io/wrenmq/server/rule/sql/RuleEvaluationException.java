package io.wrenmq.server.rule.sql;

/**
 * A rule that parsed but cannot be evaluated for one message: a value of the wrong type, a division by zero, a
 * function refusing its argument. The engine counts the message as "failed" for that rule (EMQX does the same:
 * the SQL fails and its failure counter goes up); the next message is evaluated afresh.
 */
public final class RuleEvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuleEvaluationException(String reason) {
        super(reason);
    }

    public RuleEvaluationException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
