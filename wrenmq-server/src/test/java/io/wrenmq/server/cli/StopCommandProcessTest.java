package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.server.files.PidFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wrenmq stop` against a real child JVM that behaves like `start`: writes a PID file, removes it in a shutdown hook. */
@Timeout(60)
class StopCommandProcessTest {
    @TempDir
    Path dir;

    @Test
    void stopSignalsTheProcessWaitsForItAndItsPidFileIsGone() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path ready = dir.resolve("ready");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                FakeBroker.class.getName(), pidFile.toString(), ready.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> Files.exists(ready));
            CliRun r = CliRun.run(dir, "stop", "--pid-file", pidFile.toString());
            assertThat(r.err()).isEmpty();
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Stopping WrenMQ (PID " + child.pid() + ")").contains("WrenMQ stopped.");
            assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pidFile).doesNotExist();
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child: its class name contains "wrenmq", as the real broker's command line does. */
    public static final class FakeBroker {
        public static void main(String[] args) throws Exception {
            PidFile pid = new PidFile(Path.of(args[0]));
            long self = ProcessHandle.current().pid();
            pid.write(self);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> pid.deleteIfOwnedBy(self)));
            Files.writeString(Path.of(args[1]), "ok");
            Thread.sleep(60_000);
        }
    }
}
