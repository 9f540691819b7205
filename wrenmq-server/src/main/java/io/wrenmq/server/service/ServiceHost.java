package io.wrenmq.server.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The system commands `wrenmq service` runs (systemctl, useradd, id): an interface, so tests run install without root. */
public interface ServiceHost {

    /** A command's exit code and its output (stdout and stderr); exit code -1 when it could not be run at all. */
    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs a command and waits for it (at most two minutes: `systemctl enable --now` waits for the start). */
    Result run(List<String> command);

    /** Whether this process runs as root (uid 0). */
    default boolean isRoot() {
        Result id = run(List.of("id", "-u"));
        return id.ok() && id.output().strip().equals("0");
    }

    /** The real system. */
    static ServiceHost system() {
        return command -> {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getOutputStream().close();
                // Read before waiting: a full pipe would block the command.
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return new Result(-1, command.get(0) + " did not finish within 2 minutes");
                }
                return new Result(p.exitValue(), output);
            } catch (IOException e) {
                return new Result(-1, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(-1, "interrupted");
            }
        };
    }
}
