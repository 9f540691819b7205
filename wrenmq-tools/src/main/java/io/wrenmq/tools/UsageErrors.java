package io.wrenmq.tools;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Usage errors of every `wrenmq` command (the tools' and the server's): one line that names the flag, exit code 2. */
public final class UsageErrors {
    private UsageErrors() {
    }

    /** A usage error of {@code spec}'s command, for checks picocli cannot express. */
    public static ParameterException of(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Prints a usage error found after parsing as one line plus a pointer to --help (picocli would print the
     * whole usage, which buries the line that matters) and returns exit code 2.
     */
    public static int report(CommandSpec spec, ParameterException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(e.getMessage());
        err.println("Try 'wrenmq " + spec.name() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
