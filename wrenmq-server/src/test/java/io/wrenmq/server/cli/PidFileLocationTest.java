package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.files.PidFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the PID file is: with the broker's data (beside the store, or system.pid_file), not one fixed path. */
class PidFileLocationTest {
    @TempDir
    Path home;

    private PidFile pidFile(String conf, Map<String, String> env) throws Exception {
        Path file = conf == null ? null : Files.writeString(home.resolve("x.conf"), conf);
        ServerConfig config = ConfigLoader.load(file, env);
        return PidFile.of(config, home);
    }

    @Test
    void theShippedConfigurationKeepsDataWrenmqPid() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in wrenmq-server/
        ServerConfig shipped = ConfigLoader.load(root.resolve("etc/wrenmq.conf"), Map.of("WRENMQ_HOME", root.toString()));
        PidFile pid = PidFile.of(shipped, home);
        assertThat(pid.path()).isEqualTo(home.resolve("data/wrenmq.pid"));
        assertThat(pid.reportFile()).isEqualTo(home.resolve("data/wrenmq.reload"));
        assertThat(pidFile(null, Map.of()).path()).isEqualTo(home.resolve("data/wrenmq.pid"));
    }

    @Test
    void besideTheStoreAndNamedAfterIt() throws Exception {
        assertThat(pidFile("persistence.path = \"brokers/b.db\"\n", Map.of()).path()).isEqualTo(home.resolve("brokers/b.pid"));
        assertThat(pidFile("persistence.path = \"brokers/b.db\"\n", Map.of()).reportFile()).isEqualTo(home.resolve("brokers/b.reload"));
        // With a memory store the PID file still goes where the store would be.
        assertThat(pidFile("persistence { type = memory, path = \"mem/m.db\" }\n", Map.of()).path()).isEqualTo(home.resolve("mem/m.pid"));
        Path absolute = home.resolve("abs/store");
        assertThat(pidFile("persistence.path = \"" + absolute + "\"\n", Map.of()).path()).isEqualTo(home.resolve("abs/store.pid"));
    }

    @Test
    void systemPidFileOrNanomqPidFileWins() throws Exception {
        assertThat(pidFile("system.pid_file = \"run/a.pid\"\npersistence.path = \"data/a.db\"\n", Map.of()).path())
                .isEqualTo(home.resolve("run/a.pid"));
        assertThat(pidFile(null, Map.of("NANOMQ_PID_FILE", "/tmp/nanomq/nanomq.pid")).path()).isEqualTo(Path.of("/tmp/nanomq/nanomq.pid"));
        assertThat(pidFile(null, Map.of("NANOMQ_PID_FILE", "n.pid", "WRENMQ_SYSTEM__PID_FILE", "w.pid")).path())
                .isEqualTo(home.resolve("w.pid"));
    }
}
