package io.wrenmq.server.files;

import io.wrenmq.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The PID file `start` writes and `stop` and `reload` read. It lives with the broker's data, so brokers with their
 * own configuration files run side by side: at system.pid_file when set, else beside the persistence store and
 * named after it (data/wrenmq.db -> data/wrenmq.pid; the store's place is used with persistence.type = memory too).
 * Relative places are relative to the data directory (system.data_dir), like everything the broker writes.
 * Written owner-only where the file system has POSIX
 * permissions (secure by default: no one else should learn or spoof which process to signal), and
 * atomically, so `stop` never reads half a number ({@link OwnerOnlyFiles}).
 */
public final class PidFile {
    private final Path path;

    public PidFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    /** The PID file of the broker configured by {@code config} (loaded: its data directory is absolute). */
    public static PidFile of(ServerConfig config) {
        Path dataDir = config.process().dataDir();
        String configured = config.process().pidFile();
        if (!configured.isBlank()) {
            return new PidFile(dataDir.resolve(configured));
        }
        Path store = dataDir.resolve(config.broker().persistence().path());
        return new PidFile(store.resolveSibling(stem(store) + ".pid"));
    }

    public Path path() {
        return path;
    }

    /** Where the broker writes its report of a SIGHUP reload for `wrenmq reload`: wrenmq.pid -> wrenmq.reload. */
    public Path reportFile() {
        return path.resolveSibling(stem(path) + ".reload");
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The PID in the file; empty when there is no file. */
    public OptionalLong read() throws IOException {
        if (!Files.exists(path)) {
            return OptionalLong.empty();
        }
        String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IOException("PID file " + path + " does not hold a process id: \"" + text + "\"");
        }
    }

    public void write(long pid) throws IOException {
        OwnerOnlyFiles.writeAtomically(path, pid + System.lineSeparator());
    }

    /** Removes the file if it still names {@code pid} (a newer instance may have replaced it). */
    public void deleteIfOwnedBy(long pid) {
        try {
            if (read().orElse(-1) == pid) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // Best effort at exit; a stale file is detected by the next start or stop.
        }
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
