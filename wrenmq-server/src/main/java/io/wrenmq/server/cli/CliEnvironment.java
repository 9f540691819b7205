package io.wrenmq.server.cli;

import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.tools.ToolEnvironment;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the commands take from the outside world, passed in so tests can run them in-process:
 * environment variables, the working directory, the {@link Lifecycle} and standard input (`pub -s/-l`).
 */
public record CliEnvironment(Map<String, String> env, Path workDir, Lifecycle lifecycle, InputStream stdin) {

    /** Without an own standard input: commands that read it get the process's. */
    public CliEnvironment(Map<String, String> env, Path workDir, Lifecycle lifecycle) {
        this(env, workDir, lifecycle, System.in);
    }

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of("").toAbsolutePath(), Lifecycle.jvm(), System.in);
    }

    /** What the client tools (pub, sub) take from it. */
    public ToolEnvironment tools() {
        return new ToolEnvironment(workDir, stdin, lifecycle::onShutdown);
    }

    /** WRENMQ_HOME (set by bin/wrenmq from its own location), or null. */
    public Path home() {
        String home = env.get("WRENMQ_HOME");
        return home == null || home.isBlank() ? null : Path.of(home).toAbsolutePath();
    }

    /**
     * Where relative paths of what the broker reads (certificates, password and ACL files) are resolved: WRENMQ_HOME,
     * else the working directory. What it writes is relative to the data directory instead (system.data_dir, itself
     * relative to the working directory).
     */
    public Path baseDir() {
        Path home = home();
        return home != null ? home : workDir;
    }

    /** The configuration in {@code file} (null: defaults) as `wrenmq start` would read it here, without the ACL file. */
    public ServerConfig load(Path file) throws InvalidConfigException {
        return ConfigLoader.load(file, env, ConfigLayer.empty(), baseDir(), workDir);
    }
}
