package io.wrenmq.server.rule.action;

import io.wrenmq.server.cli.ApiProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's PostgreSQL 15 as a real server for the action tests (CI installs it; tests skip without it). PostgreSQL
 * refuses to run as root, so initdb and postgres run as the user postgres (runuser), in a temporary folder owned by
 * it, on a free 127.0.0.1 port with the socket in that folder. Password login (scram) for the user wren.
 */
final class PostgresProcess implements TestDatabase {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String USER = "wren";
    static final String PASSWORD = "s3cret-pg";

    private final Path dir;
    private final int port;
    private final boolean durable;
    private Process server;

    private PostgresProcess(Path dir, int port, boolean durable) {
        this.dir = dir;
        this.port = port;
        this.durable = durable;
    }

    static boolean installed() {
        return Files.isExecutable(BIN.resolve("postgres")) && Files.isExecutable(BIN.resolve("initdb"))
                && Files.isExecutable(Path.of("/usr/sbin/runuser"));
    }

    /**
     * A new cluster, started.
     *
     * @param durable false: fsync off (tests: commits survive a killed server, not a crashed machine); true:
     *                PostgreSQL's defaults, for measurements
     */
    static PostgresProcess start(boolean durable) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("wrenmq-pg");
        ServerProcesses.chown(dir, "postgres");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        ServerProcesses.chown(pw, "postgres");
        ServerProcesses.run(dir.resolve("initdb.log"), 60, List.of("runuser", "-u", "postgres", "--",
                BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + pw, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync",
                "--no-instructions"));
        PostgresProcess pg = new PostgresProcess(dir, ApiProbe.freePort(), durable);
        pg.restart();
        return pg;
    }

    @Override
    public void restart() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", BIN.resolve("postgres").toString(),
                "-D", dir.resolve("data").toString(), "-p", String.valueOf(port), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1"));
        if (!durable) {
            // A killed server keeps what the OS has (no fsync needed); synchronous_commit stays on, so a commit the
            // action saw is in the WAL before the kill.
            cmd.addAll(List.of("-c", "fsync=off", "-c", "full_page_writes=off"));
        }
        Path log = dir.resolve("postgres.log");
        server = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcesses.awaitLogin(server, log, url(), USER, PASSWORD);
    }

    /** An immediate shutdown (SIGQUIT): no checkpoint, clients cut off; the next start runs crash recovery. */
    @Override
    public void kill() throws IOException, InterruptedException {
        pgCtlStop("immediate");
    }

    private void pgCtlStop(String mode) throws IOException, InterruptedException {
        ServerProcesses.run(dir.resolve("pg_ctl.log"), 30, List.of("runuser", "-u", "postgres", "--",
                BIN.resolve("pg_ctl").toString(), "stop", "-D", dir.resolve("data").toString(), "-m", mode, "-w"));
        ServerProcesses.stop(server, 5);
    }

    @Override
    public boolean canStop() {
        return true;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }

    @Override
    public DatabaseConfig config(String name) {
        return DatabaseConfig.server(SqlDialect.POSTGRESQL, name, "127.0.0.1", port, USER, PASSWORD, null)
                .withPool(DatabaseConfig.DEFAULT_POOL_SIZE, TEST_CONNECT_TIMEOUT);
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    @Override
    public String nanomqIdColumn() {
        return "idx SERIAL PRIMARY KEY";
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null && server.isAlive()) {
                pgCtlStop("fast");
            }
        } finally {
            ServerProcesses.deleteTree(dir);
        }
    }
}
