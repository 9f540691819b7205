package io.wrenmq.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --pid-file} flag of start, stop and reload, and where the PID file is when it is not given. */
final class PidFileOption {
    @Option(names = "--pid-file", paramLabel = "FILE",
            description = "The PID file (default: data/wrenmq.pid under WRENMQ_HOME or the working directory).")
    private Path pidFile;

    /** The flag's file (relative to the working directory), or the default one. */
    PidFile resolve(CliEnvironment environment) {
        return new PidFile(pidFile != null ? environment.workDir().resolve(pidFile) : environment.defaultPidFile());
    }
}
