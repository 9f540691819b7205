package io.wrenmq.server.rule.action;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the PostgreSQL and MariaDB test servers share: running set-up commands, waiting for a login, cleaning up. */
final class ServerProcesses {
    private ServerProcesses() {
    }

    /** Runs a set-up command to its end (at most {@code seconds}); fails with its output otherwise. */
    static void run(Path log, int seconds, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(command.get(0) + " did not finish within " + seconds + " s: " + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                    + Files.readString(log));
        }
    }

    /** Waits until a login works (the port may listen before the server accepts logins), at most 30 s. */
    static void awaitLogin(Process server, Path log, String url, String user, String password)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                return;
            } catch (SQLException e) {
                if (!server.isAlive()) {
                    throw new AssertionError("the server exited with " + server.exitValue() + ": "
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no login to " + url + " within 30 s (" + e.getMessage() + "): "
                            + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops a process: SIGTERM, then SIGKILL after {@code seconds}. */
    static void stop(Process p, int seconds) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static void chown(Path path, String user) throws IOException {
        UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(path, owner);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
