package io.wrenmq.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;

/**
 * The PID file `start` writes and `stop` and `reload` read. It lives with the broker's data, so brokers with their
 * own configuration files run side by side: at system.pid_file when set, else beside the persistence store and
 * named after it (data/wrenmq.db -> data/wrenmq.pid; the store's place is used with persistence.type = memory too).
 * Written owner-only where the file system has POSIX
 * permissions (secure by default: no one else should learn or spoof which process to signal), and
 * atomically, so `stop` never reads half a number.
 */
final class PidFile {
    private final Path path;

    PidFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    /** The PID file of the broker configured by {@code config}; relative paths are relative to {@code baseDir}. */
    static PidFile of(io.wrenmq.server.config.ServerConfig config, Path baseDir) {
        String configured = config.process().pidFile();
        if (!configured.isBlank()) {
            return new PidFile(baseDir.resolve(configured));
        }
        Path store = baseDir.resolve(config.broker().persistence().path());
        return new PidFile(store.resolveSibling(stem(store) + ".pid"));
    }

    Path path() {
        return path;
    }

    /** Where the broker writes its report of a SIGHUP reload for `wrenmq reload`: wrenmq.pid -> wrenmq.reload. */
    Path reportFile() {
        return path.resolveSibling(stem(path) + ".reload");
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The PID in the file; empty when there is no file. */
    OptionalLong read() throws IOException {
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

    void write(long pid) throws IOException {
        Path dir = path.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, pid + System.lineSeparator(), StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException atomicNotSupported) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the file if it still names {@code pid} (a newer instance may have replaced it). */
    void deleteIfOwnedBy(long pid) {
        try {
            if (read().orElse(-1) == pid) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // Best effort at exit; a stale file is detected by the next start or stop.
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
