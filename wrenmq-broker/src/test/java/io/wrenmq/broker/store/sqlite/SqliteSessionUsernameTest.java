package io.wrenmq.broker.store.sqlite;

import static io.wrenmq.broker.store.sqlite.StoreTests.NOW;
import static io.wrenmq.broker.store.sqlite.StoreTests.config;
import static io.wrenmq.broker.store.sqlite.StoreTests.count;
import static io.wrenmq.broker.store.sqlite.StoreTests.reopen;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.store.StoreSnapshot;
import io.wrenmq.broker.store.StoredSession;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Schema 2: a session keeps its last username, so the ACL can judge deliveries to it after a restart. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteSessionUsernameTest {
    @TempDir
    Path dir;

    @Test
    void usernameSurvivesARestart() {
        Path file = dir.resolve("u.db");
        try (SqliteStore store = new SqliteStore(config(file), new BrokerMetrics())) {
            store.open(NOW);
            store.saveSession(new StoredSession("c1", 3600, 0, null, "alice")); // close() commits what was queued
            store.saveSession(new StoredSession("c2", 3600, 0, null, null));
        }
        StoreSnapshot s = reopen(config(file));
        assertThat(s.sessions()).extracting(r -> r.session().clientId() + "=" + r.session().username())
                .containsExactlyInAnyOrder("c1=alice", "c2=null");
    }

    @Test
    void aVersion1FileIsMigrated() throws Exception {
        Path file = dir.resolve("v1.db");
        reopen(config(file));
        // Make it a schema 1 file again, with a session row written by that version.
        StoreTests.execute(file, "ALTER TABLE session DROP COLUMN username");
        StoreTests.execute(file, "DELETE FROM schema_version WHERE version = 2");
        StoreTests.execute(file, "INSERT INTO session (client_id, expiry_interval, disconnected_at) VALUES ('old', 60, 0)");
        StoreSnapshot s = reopen(config(file));
        assertThat(count(file, "SELECT max(version) FROM schema_version")).isEqualTo(2);
        assertThat(s.sessions()).singleElement().satisfies(r -> {
            assertThat(r.session().clientId()).isEqualTo("old");
            assertThat(r.session().username()).isNull();
        });
    }
}
