package io.wrenmq.server.rule.action;

/**
 * An action setting that cannot be used. The configuration reader turns it into a ConfigError at the key
 * {@code <action block>.<subKey>} with file and line.
 */
public final class InvalidActionConfig extends IllegalArgumentException {
    private final String subKey;
    private final String reason;
    private final String hint;

    /**
     * @param subKey the setting relative to the action's block, e.g. "table" or "conn.host"
     * @param hint   what a good value looks like
     */
    public InvalidActionConfig(String subKey, String message, String hint) {
        super(subKey + ": " + message);
        this.subKey = subKey;
        this.reason = message;
        this.hint = hint;
    }

    public String subKey() {
        return subKey;
    }

    /** What is wrong, without the key. */
    public String reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }
}
