package io.wrenmq.broker.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseFileTest {
    @TempDir
    Path dir;

    @Test
    void moveAsideTakesTheCompanionFilesAlongAndNeverOverwritesAnEarlierCopy() throws Exception {
        long now = LocalDateTime.of(2024, 3, 5, 7, 8, 9).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        DatabaseFile file = new DatabaseFile(dir.resolve("wrenmq.db"));
        write("wrenmq.db", "first");
        write("wrenmq.db-wal", "first wal");
        write("wrenmq.db-shm", "first shm");
        assertThat(file.moveAside(now).getFileName().toString()).isEqualTo("wrenmq.db.corrupt-20240305-070809");
        write("wrenmq.db", "second");
        assertThat(file.moveAside(now).getFileName().toString()).isEqualTo("wrenmq.db.corrupt-20240305-070809-1");

        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).containsExactly("wrenmq.db.corrupt-20240305-070809", "wrenmq.db.corrupt-20240305-070809-1",
                "wrenmq.db.corrupt-20240305-070809-shm", "wrenmq.db.corrupt-20240305-070809-wal");
        assertThat(Files.readString(dir.resolve("wrenmq.db.corrupt-20240305-070809-wal"))).isEqualTo("first wal");
        assertThat(Files.readString(dir.resolve("wrenmq.db.corrupt-20240305-070809-1"))).isEqualTo("second");
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
