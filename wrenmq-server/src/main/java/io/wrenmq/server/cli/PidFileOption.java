package io.wrenmq.server.cli;

import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.files.PidFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --pid-file} flag of start, stop and reload, and where the PID file is when it is not given. */
final class PidFileOption {
    /** What "no PID file" means for stop and reload. */
    static final String NOT_RUNNING = "WrenMQ is not running, or it was started with another configuration (pass the"
            + " same --conf here) or with --pid-file (pass the same here)";

    @Option(names = "--pid-file", paramLabel = "FILE",
            description = "The PID file (default: system.pid_file, else beside the persistence store: wrenmq.pid in the"
                    + " data directory, ./data or WRENMQ_DATA_DIR for the shipped configuration).")
    private Path pidFile;

    /** Whether --pid-file was given (then no configuration is needed to find the file). */
    boolean given() {
        return pidFile != null;
    }

    /** The flag's file (relative to the working directory), or the one {@code config} places with the broker's data. */
    PidFile resolve(CliEnvironment environment, ServerConfig config) {
        return pidFile != null ? new PidFile(environment.workDir().resolve(pidFile)) : PidFile.of(config);
    }
}
