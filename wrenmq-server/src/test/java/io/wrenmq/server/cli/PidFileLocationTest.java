package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.files.PidFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the PID file is: with the broker's data (beside the store, or system.pid_file, both relative to the data
 * directory), not one fixed path, and never in the installation (WRENMQ_HOME).
 */
class PidFileLocationTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    private PidFile pidFile(String conf, Map<String, String> env) throws Exception {
        Path file = conf == null ? null : Files.writeString(home.resolve("x.conf"), conf);
        ServerConfig config = ConfigLoader.load(file, env, ConfigLayer.empty(), home, work);
        return PidFile.of(config);
    }

    @Test
    void theShippedConfigurationKeepsItInDataInTheWorkingDirectory() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in wrenmq-server/
        ServerConfig shipped = ConfigLoader.load(root.resolve("etc/wrenmq.conf"), Map.of("WRENMQ_HOME", root.toString()),
                ConfigLayer.empty(), root, work);
        PidFile pid = PidFile.of(shipped);
        assertThat(pid.path()).isEqualTo(work.resolve("data/wrenmq.pid"));
        assertThat(pid.reportFile()).isEqualTo(work.resolve("data/wrenmq.reload"));
        assertThat(pidFile(null, Map.of()).path()).isEqualTo(work.resolve("data/wrenmq.pid"));
    }

    @Test
    void besideTheStoreAndNamedAfterIt() throws Exception {
        Path data = work.resolve("data");
        assertThat(pidFile("persistence.path = \"brokers/b.db\"\n", Map.of()).path()).isEqualTo(data.resolve("brokers/b.pid"));
        assertThat(pidFile("persistence.path = \"brokers/b.db\"\n", Map.of()).reportFile()).isEqualTo(data.resolve("brokers/b.reload"));
        // With a memory store the PID file still goes where the store would be.
        assertThat(pidFile("persistence { type = memory, path = \"mem/m.db\" }\n", Map.of()).path()).isEqualTo(data.resolve("mem/m.pid"));
        Path absolute = home.resolve("abs/store");
        assertThat(pidFile("persistence.path = \"" + absolute + "\"\n", Map.of()).path()).isEqualTo(home.resolve("abs/store.pid"));
    }

    @Test
    void systemPidFileOrNanomqPidFileWins() throws Exception {
        Path data = work.resolve("data");
        assertThat(pidFile("system.pid_file = \"run/a.pid\"\npersistence.path = \"a.db\"\n", Map.of()).path())
                .isEqualTo(data.resolve("run/a.pid"));
        assertThat(pidFile(null, Map.of("NANOMQ_PID_FILE", "/tmp/nanomq/nanomq.pid")).path()).isEqualTo(Path.of("/tmp/nanomq/nanomq.pid"));
        assertThat(pidFile(null, Map.of("NANOMQ_PID_FILE", "n.pid", "WRENMQ_SYSTEM__PID_FILE", "w.pid")).path())
                .isEqualTo(data.resolve("w.pid"));
    }

    @Test
    void theDataDirectoryComesFromTheFileOrWrenmqDataDirAndARelativeOneFromTheWorkingDirectory() throws Exception {
        assertThat(pidFile("system.data_dir = \"state\"\n", Map.of()).path()).isEqualTo(work.resolve("state/wrenmq.pid"));
        Path service = home.resolve("var lib/wrenmq");
        assertThat(pidFile("system.data_dir = \"state\"\n", Map.of("WRENMQ_DATA_DIR", service.toString())).path())
                .as("the variable wins over the file, as every WRENMQ_ override does").isEqualTo(service.resolve("wrenmq.pid"));
        assertThat(pidFile(null, Map.of("WRENMQ_DATA_DIR", "rel")).path()).isEqualTo(work.resolve("rel/wrenmq.pid"));
        assertThat(pidFile(null, Map.of("WRENMQ_SYSTEM__DATA_DIR", "long", "WRENMQ_DATA_DIR", "short")).path())
                .as("the key's own variable wins over the short one").isEqualTo(work.resolve("long/wrenmq.pid"));
    }
}
