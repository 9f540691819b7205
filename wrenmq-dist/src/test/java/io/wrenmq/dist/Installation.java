package io.wrenmq.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A release archive unpacked by the tools a user has (unzip, tar: they keep bin/wrenmq executable), run through
 * its own launcher as a user would: working directory outside the installation, settings from the environment.
 */
final class Installation {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    private Installation(Path home) {
        this.home = home;
    }

    /** Unpacks {@code archive} (zip or tar.gz) into {@code into}; the archive's top directory is {@code topDir}. */
    static Installation unpack(Path archive, Path into, String topDir) throws IOException, InterruptedException {
        Files.createDirectories(into);
        String name = archive.getFileName().toString();
        List<String> cmd = name.endsWith(".zip")
                ? List.of("unzip", "-q", archive.toString(), "-d", into.toString())
                : List.of("tar", "-xzf", archive.toString(), "-C", into.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("unpacking %s", archive).isTrue();
        assertThat(p.exitValue()).as("unpacking %s: %s", archive, out).isZero();
        Path home = into.resolve(topDir);
        assertThat(home.resolve("bin/wrenmq")).isExecutable();
        return new Installation(home);
    }

    Path home() {
        return home;
    }

    /** Sets (or, with null, removes) an environment variable of every later command. */
    Installation env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Starts `bin/wrenmq start` in {@code workDir} and waits for its "listening" line. */
    Process start(Path workDir, Path output) throws IOException {
        Process broker = process(workDir, "start").redirectErrorStream(true).redirectOutput(output.toFile()).start();
        await().atMost(TIMEOUT).until(() -> !broker.isAlive() || read(output).contains("listening"));
        assertThat(broker.isAlive()).as("broker exited:\n%s", read(output)).isTrue();
        return broker;
    }

    /** Runs `bin/wrenmq args...` in {@code workDir} to completion; returns its output; fails on a non-zero exit. */
    String run(Path workDir, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(workDir, "wrenmq", ".out");
        Process p = process(workDir, args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = read(output);
        Files.delete(output);
        assertThat(exited).as("wrenmq %s did not finish: %s", String.join(" ", args), out).isTrue();
        assertThat(p.exitValue()).as("wrenmq %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    private ProcessBuilder process(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/wrenmq").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        // The build's own settings must not leak into the installation under test.
        pb.environment().keySet().removeIf(k -> k.startsWith("WRENMQ_") || k.equals("JDK_JAVA_OPTIONS"));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return pb;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /**
     * A PATH with every command of this one except java: one directory of links, in {@code scratch}, since the
     * directories that hold java (/usr/bin) also hold the sed, ls and dirname the launcher needs.
     */
    static String pathWithoutJava(Path scratch) throws IOException {
        Path bin = Files.createDirectories(scratch.resolve("bin-without-java"));
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (!Files.isDirectory(Path.of(dir))) {
                continue;
            }
            try (Stream<Path> commands = Files.list(Path.of(dir))) {
                for (Path command : (Iterable<Path>) commands::iterator) {
                    Path link = bin.resolve(command.getFileName().toString());
                    if (!command.getFileName().toString().equals("java") && Files.notExists(link,
                            LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(command)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        assertThat(bin.resolve("java")).doesNotExist();
        return bin.toString();
    }
}
