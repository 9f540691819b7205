package io.wrenmq.broker.auth;

/**
 * An ACL file that cannot be used: missing, empty, malformed or with a bad rule. Start-up stops with it (fail
 * closed); a reload keeps the running rules. Says where (file and line, -1 when unknown), what and how to fix it.
 */
public final class AclFileException extends RuntimeException {
    private final String file;
    private final int line;
    private final String key;
    private final String problem;
    private final String hint;

    public AclFileException(String file, int line, String problem, String hint) {
        this(file, line, null, problem, hint);
    }

    /** @param key where in the file, e.g. "rules[2].permit" (null: the file as a whole) */
    public AclFileException(String file, int line, String key, String problem, String hint) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (key == null ? "" : key + ": ") + problem
                + (hint == null || hint.isEmpty() ? "" : " (" + hint + ")"), null, false, false);
        this.file = file;
        this.line = line;
        this.key = key;
        this.problem = problem;
        this.hint = hint;
    }

    /** Where in the file, e.g. "rules[2].permit"; null for the file as a whole. */
    public String key() {
        return key;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }

    public String hint() {
        return hint;
    }
}
