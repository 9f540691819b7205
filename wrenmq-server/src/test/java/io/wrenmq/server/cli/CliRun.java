package io.wrenmq.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Test helper: runs `wrenmq ...` in-process and captures exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {

    static CliRun run(Path workDir, Map<String, String> env, Lifecycle lifecycle, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WrenmqCommand.execute(args, new PrintWriter(out), new PrintWriter(err), new CliEnvironment(env, workDir, lifecycle));
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun run(Path workDir, String... args) {
        return run(workDir, Map.of(), stop -> { }, args);
    }
}
