package io.wrenmq.server.rule.action;

import static io.wrenmq.server.rule.action.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rules.sqlite: the action contract on a SQLite file. */
class SqliteActionTest extends JdbcActionContract {
    @TempDir
    static Path dir;
    private static SqliteFile db;

    @BeforeAll
    static void file() {
        db = new SqliteFile(dir.resolve("data").resolve("rules.db"));
    }

    @Override
    TestDatabase db() {
        return db;
    }

    /** Like the broker's store: the folder and the file are private to the broker's user. */
    @Test
    void theFileAndItsFolderAreCreatedOwnerOnly() throws Exception {
        try (JdbcDatabase database = new JdbcDatabase(db.config("private"))) {
            RuleAction a = database.tableAction("private", TableOptions.of("private_rows"), BatchSettings.DEFAULTS);
            a.start();
            a.offer(row("seq", 1L));
            await().atMost(10, TimeUnit.SECONDS).until(() -> a.stats().success() == 1);
            a.close();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.file().getParent())))
                .isEqualTo("rwx------");
    }
}
