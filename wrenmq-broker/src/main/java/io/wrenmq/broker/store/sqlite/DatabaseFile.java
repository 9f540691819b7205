package io.wrenmq.broker.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * The database file on disk: creating it private to the broker's user, opening it, moving a damaged one away. The
 * rule engine's SQLite action creates its file the same way ({@link #createIfMissing}).
 */
public final class DatabaseFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** SQLite's companion files; they belong to the database file and move with it. */
    private static final String[] COMPANIONS = {"-wal", "-shm"};

    private final Path path;

    public DatabaseFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    /**
     * Opens a connection. A missing directory and file are created owner-only first where the file system has
     * POSIX permissions (messages and wills may be private); SQLite gives its -wal and -shm files the database
     * file's permissions.
     */
    Connection connect() throws IOException, SQLException {
        if (Files.isDirectory(path)) {
            throw new IOException(path + " is a directory");
        }
        createIfMissing();
        // The driver is used directly: DriverManager's lookup can miss it in shaded or modular deployments.
        return new JDBC().connect(JDBC.PREFIX + path, new Properties());
    }

    /** Creates a missing folder (rwx------) and file (rw-------) where the file system has POSIX permissions. */
    public void createIfMissing() throws IOException {
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = path.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            if (posix) {
                Files.createDirectories(parent, attribute("rwx------"));
            } else {
                Files.createDirectories(parent);
            }
        }
        if (posix && !Files.exists(path)) {
            try {
                Files.createFile(path, attribute("rw-------"));
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile by someone else: open it as it is
            }
        }
    }

    private static FileAttribute<?> attribute(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    /**
     * Renames the file and its companions to {@code <name>.corrupt-<yyyyMMdd-HHmmss>} (local time of
     * {@code nowMillis}; a counter is added if that name is taken) so the store can start empty while the damaged
     * copy stays for inspection. The -wal keeps its suffix so SQLite finds it when the copy is opened.
     *
     * @return the new name of the database file
     */
    Path moveAside(long nowMillis) throws IOException {
        String stamp = STAMP.format(Instant.ofEpochMilli(nowMillis).atZone(ZoneId.systemDefault()));
        String base = path.getFileName() + ".corrupt-" + stamp;
        Path target = path.resolveSibling(base);
        for (int n = 1; Files.exists(target); n++) {
            target = path.resolveSibling(base + "-" + n);
        }
        Files.move(path, target);
        for (String suffix : COMPANIONS) {
            Path companion = path.resolveSibling(path.getFileName() + suffix);
            if (Files.exists(companion)) {
                Files.move(companion, target.resolveSibling(target.getFileName() + suffix));
            }
        }
        return target;
    }
}
