package io.wrenmq.server.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `systemd-analyze verify` on a unit file, reduced to the unit's own problems. In a container (no systemd as PID 1)
 * the tool may add lines about the machine; every line about the unit names its file, and a unit that cannot be
 * loaded (a command that is not executable, unbalanced quotes) also makes it exit non-zero.
 */
final class SystemdAnalyze {
    static final Path TOOL = Path.of("/usr/bin/systemd-analyze");

    private SystemdAnalyze() {
    }

    static boolean available() {
        return Files.isExecutable(TOOL);
    }

    /** The lines naming the unit and a note on a non-zero exit code; empty when the unit is valid. */
    static List<String> problems(Path unit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(TOOL.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("systemd-analyze verify did not finish within 60 s");
        }
        String name = unit.getFileName().toString();
        List<String> problems = new ArrayList<>(output.lines().filter(l -> l.contains(name)).toList());
        if (p.exitValue() != 0) {
            problems.add("exit code " + p.exitValue() + "; output: " + output);
        }
        if (!output.isBlank()) {
            System.out.println("systemd-analyze verify " + unit + ":\n" + output);
        }
        return problems;
    }
}
