package io.wrenmq.tools;

/** Process exit codes of the `wrenmq` command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something went wrong while running: port in use, no such process, I/O error. */
    public static final int RUNTIME = 1;
    /** The command line or the configuration is wrong; the message says what to change. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
