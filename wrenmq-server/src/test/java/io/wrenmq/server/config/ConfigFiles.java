package io.wrenmq.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: writes HOCON text to a file and finds the repository's shipped files. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: surefire runs in wrenmq-server/, whose parent holds etc/ and docs/. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("etc")) && Files.isDirectory(p.resolve("wrenmq-server"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found from " + dir);
    }
}
