package io.wrenmq.server.cli;

import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.files.PidFile;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.WrenmqVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `wrenmq stop`: asks the process named in the PID file to end (SIGTERM on POSIX, so the broker's
 * shutdown hook closes connections and removes the PID file) and waits for it.
 */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = WrenmqVersion.class,
        description = {"Stops the broker whose process id is in the PID file, waiting until it has exited.",
                "The PID file is found from the configuration (--conf, as given to start) unless --pid-file names it."})
final class StopCommand implements Callable<Integer> {

    @Mixin
    private ConfOption conf = new ConfOption();

    @Mixin
    private PidFileOption pidFile = new PidFileOption();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long to wait for the broker to exit (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;

    StopCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException, InterruptedException, InvalidConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PidFile file = pidFile.given() ? pidFile.resolve(environment, null)
                : pidFile.resolve(environment, environment.load(conf.file(environment)));
        OptionalLong pid = file.read();
        if (pid.isEmpty()) {
            err.println("error: no PID file at " + file.path() + "; " + PidFileOption.NOT_RUNNING);
            return ExitCodes.RUNTIME;
        }
        long p = pid.getAsLong();
        Optional<ProcessHandle> process = ProcessHandle.of(p).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            file.delete();
            err.println("error: WrenMQ is not running (no process with PID " + p + "); removed the stale PID file " + file.path());
            return ExitCodes.RUNTIME;
        }
        ProcessHandle handle = process.get();
        if (p == ProcessHandle.current().pid() || !looksLikeWrenmq(handle)) {
            // PIDs are reused: after a crash the file may name an unrelated process, which we must not kill.
            err.println("error: PID " + p + " is not a WrenMQ broker (" + handle.info().commandLine().orElse("?")
                    + "); the PID file " + file.path() + " is stale, delete it");
            return ExitCodes.RUNTIME;
        }
        out.println("Stopping WrenMQ (PID " + p + ")...");
        out.flush();
        if (!handle.destroy()) {
            err.println("error: could not signal PID " + p + " (is it another user's process?)");
            return ExitCodes.RUNTIME;
        }
        try {
            handle.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            err.println("error: WrenMQ (PID " + p + ") did not stop within " + timeoutSeconds + " s and is still running;"
                    + " wait and try again, or end it forcibly (kill -9 " + p + " / taskkill /F /PID " + p + ")");
            return ExitCodes.RUNTIME;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        // On Windows destroy() terminates without running shutdown hooks, so the file may still be there.
        file.deleteIfOwnedBy(p);
        out.println("WrenMQ stopped.");
        return ExitCodes.OK;
    }

    /**
     * True when the process looks like a WrenMQ JVM (its command line names WrenMQ's main class or jar),
     * or when the OS does not tell us (then the PID file is all we have).
     */
    static boolean looksLikeWrenmq(ProcessHandle handle) {
        Optional<String> commandLine = handle.info().commandLine();
        if (commandLine.isPresent()) {
            return commandLine.get().toLowerCase(Locale.ROOT).contains("wrenmq");
        }
        return handle.info().command().map(c -> c.toLowerCase(Locale.ROOT).contains("java")).orElse(true);
    }
}
