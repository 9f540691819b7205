package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helper: writes HOCON text to a file, finds the repository's shipped files and checks the docs' key tables. */
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

    /** The ```hocon blocks of a Markdown text, in order: the docs' examples, which the tests load. */
    static List<String> hoconExamples(String markdown) {
        List<String> out = new ArrayList<>();
        for (Matcher m = Pattern.compile("```hocon\\n(.*?)```", Pattern.DOTALL).matcher(markdown); m.find(); ) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * Checks that {@code docs} names every schema key under {@code prefix} the way its tables write it
     * ({@code relative} of the path, in backquotes) and shows its default (ignored NanoMQ keys have none).
     */
    static void assertDocumentsKeys(String docs, String prefix, UnaryOperator<String> relative) {
        for (ConfigKey<?> key : ConfigSchema.keys().values()) {
            if (!key.path().startsWith(prefix)) {
                continue;
            }
            assertThat(docs).as("the docs name " + key.path()).contains("`" + relative.apply(key.path()) + "`");
            if (!key.isIgnored()) {
                assertThat(docs).as("the docs show the default of " + key.path()).contains("`" + key.defaultText() + "`");
            }
        }
    }
}
