package io.wrenmq.tools;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Test helper: runs `wrenmq pub|sub|bench ...` in-process the way the launcher's `wrenmq` command does (the tools
 * registered by {@link ToolCommands}, exceptions reported by {@link CommandErrors}), with the caller's writers.
 */
public final class ToolsCli {
    private ToolsCli() {
    }

    /** The top command the tools hang under; wrenmq-server's WrenmqCommand in the real launcher. */
    @Command(name = "wrenmq", mixinStandardHelpOptions = true)
    static final class Wrenmq implements Runnable {
        @Override
        public void run() {
        }
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err, ToolEnvironment environment) {
        CommandLine cl = ToolCommands.addTo(new CommandLine(new Wrenmq()), environment);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new CommandErrors());
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
