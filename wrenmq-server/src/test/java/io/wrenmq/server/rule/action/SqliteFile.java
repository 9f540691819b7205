package io.wrenmq.server.rule.action;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A SQLite file as the action tests' database (nothing to start; it cannot be "killed"). */
final class SqliteFile implements TestDatabase {
    private final Path file;

    SqliteFile(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    @Override
    public DatabaseConfig config(String name) {
        return DatabaseConfig.sqlite(name, file);
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @Override
    public String nanomqIdColumn() {
        return "RowId INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    @Override
    public void close() {
    }
}
