package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.tools.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** `wrenmq reload`: SIGHUP to a real broker process, or POST /api/v4/reload when the REST API is on. */
@Timeout(90)
class ReloadCommandTest {
    private static final String BASE = "listeners.tcp { bind = \"127.0.0.1:0\" }\npersistence.type = memory\nsystem.sys_interval = 0s\n";

    @TempDir
    Path dir;

    @Test
    @DisabledOnOs(OS.WINDOWS) // no SIGHUP there; the HTTP path below covers Windows
    void reloadSignalsARealBrokerProcessAndPrintsItsReport() throws Exception {
        Path conf = Files.writeString(dir.resolve("wrenmq.conf"), BASE);
        Path pid = dir.resolve("wrenmq.pid");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(DefaultSighup.command(javaBin, "-cp", System.getProperty("java.class.path"),
                WrenmqCommand.class.getName(), "start", "--conf", conf.toString(), "--pid-file", pid.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pid));
            Files.writeString(conf, BASE + "mqtt.max_inflight_window = 4\nsystem.node_name = \"renamed\"\n");
            CliRun r = CliRun.run(dir, "reload", "--conf", conf.toString(), "--pid-file", pid.toString());
            assertThat(r.code()).as(() -> r.err() + "\nthe broker's output:\n" + read(dir.resolve("child.out"))).isZero();
            assertThat(r.out()).contains("Reloaded.").contains("applied: mqtt.max_inflight_window").contains("needs restart: system.node_name");

            Files.writeString(conf, BASE + "mqtt.max_qos = 9\n");
            CliRun bad = CliRun.run(dir, "reload", "--conf", conf.toString(), "--pid-file", pid.toString());
            assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("max_qos").contains("not reloaded");
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.destroy();
            child.waitFor(15, TimeUnit.SECONDS);
            child.destroyForcibly();
        }
        assertThat(Files.readString(dir.resolve("child.out"))).contains("Configuration reloaded");
    }

    @Test
    void reloadGoesThroughTheRestApiWhenItIsOn() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String http = "http_server { enable = true, port = " + port + ", password = \"pw-1\" }\n";
        Path conf = Files.writeString(dir.resolve("wrenmq.conf"), BASE + http);
        StartedBroker started = StartedBroker.start(dir, Map.of(), "start", "--conf", conf.toString(), "--pid-file",
                dir.resolve("p.pid").toString());
        try {
            WrenBroker broker = started.broker();
            Files.writeString(conf, BASE + http + "mqtt.max_mqueue_len = 7\n");
            CliRun r = CliRun.run(dir, "reload", "--conf", conf.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("mqtt.max_mqueue_len");
            assertThat(broker.config().maxMqueueLen()).isEqualTo(7);
        } finally {
            started.stop();
        }
        CliRun down = CliRun.run(dir, "reload", "--conf", conf.toString());
        assertThat(down.code()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(down.err()).contains("cannot reach the REST API");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
