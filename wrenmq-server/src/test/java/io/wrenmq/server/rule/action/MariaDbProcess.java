package io.wrenmq.server.rule.action;

import io.wrenmq.server.cli.ApiProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's MariaDB as a real server for the action tests (CI installs mariadb-server; tests skip without it):
 * mariadb-install-db into a temporary data folder, then mariadbd on a free 127.0.0.1 port with its socket there, as
 * root (--user=root). An init file creates the password user wren at every start.
 */
public final class MariaDbProcess implements TestDatabase {
    static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL = Path.of("/usr/bin/mariadb-install-db");
    static final String USER = "wren";
    static final String PASSWORD = "s3cret-maria";
    static final String DATABASE = "rules";

    private final Path dir;
    private final int port;
    private final String user;
    private final String password;
    private Process server;

    private MariaDbProcess(Path dir, int port, String user, String password) {
        this.dir = dir;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(INSTALL);
    }

    static MariaDbProcess start() throws IOException, InterruptedException {
        return start(ApiProbe.freePort(), USER, PASSWORD);
    }

    /** A server on {@code port} of 127.0.0.1 where {@code user} (any database, all rights) logs in with the password. */
    public static MariaDbProcess start(int port, String user, String password) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("wrenmq-mariadb");
        ServerProcesses.run(dir.resolve("install.log"), 60, List.of(INSTALL.toString(), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db", "--skip-name-resolve"));
        Files.writeString(dir.resolve("init.sql"), "CREATE USER IF NOT EXISTS '" + user + "'@'127.0.0.1' IDENTIFIED BY '"
                + password + "';\nGRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'127.0.0.1';\n");
        MariaDbProcess m = new MariaDbProcess(dir, port, user, password);
        m.restart();
        return m;
    }

    @Override
    public void restart() throws IOException, InterruptedException {
        Path log = dir.resolve("mariadbd.log");
        server = new ProcessBuilder(SERVER.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"), "--user=root", "--init-file=" + dir.resolve("init.sql"),
                "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=32M",
                "--innodb-flush-log-at-trx-commit=2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcesses.awaitLogin(server, log, "jdbc:mariadb://127.0.0.1:" + port + "/?sslMode=disable", user,
                password);
    }

    /** SIGKILL: the server is gone at once; InnoDB recovers at the next start. */
    @Override
    public void kill() throws InterruptedException {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public boolean canStop() {
        return true;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.MARIADB;
    }

    /** The database {@code rules} does not exist before: the action creates it (createDatabaseIfNotExist). */
    @Override
    public DatabaseConfig config(String name) {
        return DatabaseConfig.server(SqlDialect.MARIADB, name, "127.0.0.1", port, USER, PASSWORD, DATABASE)
                .withPool(DatabaseConfig.DEFAULT_POOL_SIZE, TEST_CONNECT_TIMEOUT);
    }

    @Override
    public Connection connect() throws SQLException {
        return connect(DATABASE);
    }

    /** A connection to one database of this server (created when missing). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + database
                + "?createDatabaseIfNotExist=true&sslMode=disable", user, password);
    }

    @Override
    public String nanomqIdColumn() {
        return "idx INT PRIMARY KEY AUTO_INCREMENT";
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null && server.isAlive()) {
                ServerProcesses.stop(server, 15);
            }
        } finally {
            ServerProcesses.deleteTree(dir);
        }
    }
}
