package io.wrenmq.server.rule;

/** A rule the engine cannot take: the message names the field and why (the REST API answers 400 with it). */
public final class RuleRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuleRefusedException(String message) {
        super(message);
    }
}
