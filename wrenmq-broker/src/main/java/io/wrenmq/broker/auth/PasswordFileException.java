package io.wrenmq.broker.auth;

import java.nio.file.Path;

/** A password file that cannot be used: start-up stops with the file, the line and what is wrong (fail closed). */
public final class PasswordFileException extends RuntimeException {
    private final Path file;
    private final int line;

    public PasswordFileException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, null, false, false);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}
