package io.wrenmq.server.config;

import java.nio.file.Path;

/**
 * What the `wrenmq` process itself uses, beside the engine's and the log's settings: its data directory and its PID
 * file. Mutable with fluent setters, like {@link LogSettings}, so the schema table fills it the same way.
 *
 * <p>The data directory holds everything the broker writes (the store, the PID file, the generated API password, log
 * files, the rules' SQLite files), so the installation (WRENMQ_HOME) can stay read-only and an upgrade that replaces
 * the installation keeps the data. The loader makes it absolute (against the working directory of the command).
 */
public final class ProcessSettings {
    /** The data directory's default: ./data in the working directory, as in a source checkout. */
    public static final Path DEFAULT_DATA_DIR = Path.of("data");

    private String pidFile = "";
    private Path configuredDataDir = DEFAULT_DATA_DIR;
    private Path dataDir;

    /** The PID file; "" = beside the persistence store (wrenmq.db -> wrenmq.pid). Relative to the data directory. */
    public String pidFile() { return pidFile; }
    public ProcessSettings pidFile(String value) { this.pidFile = value; return this; }

    /** system.data_dir as written (relative or absolute). */
    public Path configuredDataDir() { return configuredDataDir; }
    public ProcessSettings configuredDataDir(Path value) { this.configuredDataDir = value; this.dataDir = null; return this; }

    /** Fixes the data directory: a relative system.data_dir is relative to {@code workDir}. */
    public ProcessSettings resolveDataDir(Path workDir) {
        this.dataDir = workDir.resolve(configuredDataDir).toAbsolutePath().normalize();
        return this;
    }

    /** The data directory, absolute (resolved against the working directory of `wrenmq` when the file was loaded). */
    public Path dataDir() { return dataDir != null ? dataDir : configuredDataDir.toAbsolutePath().normalize(); }
}
