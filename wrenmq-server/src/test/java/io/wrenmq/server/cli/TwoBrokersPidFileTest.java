package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real `wrenmq start` processes with their own configuration files in one WRENMQ_HOME: each has its own PID
 * file beside its store, `wrenmq reload --conf a.conf` reaches A only, and `wrenmq stop --conf b.conf` stops B
 * only while A keeps serving.
 */
@Tag("e2e")
@Timeout(120)
@DisabledOnOs(OS.WINDOWS) // reload needs SIGHUP; stop --conf is the same code on Windows
class TwoBrokersPidFileTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path home;

    @Test
    void stopAndReloadWithConfReachTheirOwnBrokerOnly() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        for (String name : new String[] {"a", "b"}) {
            Files.writeString(home.resolve("etc/" + name + ".conf"), "listeners.tcp.bind = \"127.0.0.1:0\"\n"
                    + "persistence.path = \"" + name + ".db\"\nsystem.sys_interval = 0s\n");
        }
        Map<String, String> env = Map.of("WRENMQ_HOME", home.toString());
        Process a = start("a");
        Process b = start("b");
        try {
            Path pidA = home.resolve("data/a.pid");
            Path pidB = home.resolve("data/b.pid");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> holds(pidA, a) && holds(pidB, b)
                    && port("a") > 0 && port("b") > 0);
            assertThat(home.resolve("data/wrenmq.pid")).doesNotExist();

            CliRun reload = CliRun.run(home, env, stop -> { }, "reload", "--conf", "etc/a.conf");
            assertThat(reload.code()).as(reload.err()).isZero();
            assertThat(home.resolve("data/a.reload")).exists();
            assertThat(home.resolve("data/b.reload")).doesNotExist();

            CliRun stop = CliRun.run(home, env, s -> { }, "stop", "--conf", "etc/b.conf");
            assertThat(stop.code()).as(stop.err()).isZero();
            assertThat(stop.out()).contains("Stopping WrenMQ (PID " + b.pid() + ")").contains("WrenMQ stopped.");
            assertThat(b.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(pidB).doesNotExist();

            assertThat(a.isAlive()).isTrue();
            assertThat(holds(pidA, a)).isTrue();
            Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("still-a").serverHost("127.0.0.1")
                    .serverPort(port("a")).buildBlocking();
            assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            client.disconnect();

            CliRun stopA = CliRun.run(home, env, s -> { }, "stop", "--conf", "etc/a.conf");
            assertThat(stopA.code()).as(stopA.err()).isZero();
            assertThat(a.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(pidA).doesNotExist();
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }

    private Process start(String name) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(DefaultSighup.command(javaBin, "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), WrenmqCommand.class.getName(),
                "start", "--conf", "etc/" + name + ".conf"))
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve(name + ".out").toFile());
        pb.environment().put("WRENMQ_HOME", home.toString());
        return pb.start();
    }

    private static boolean holds(Path pidFile, Process process) throws Exception {
        return Files.exists(pidFile) && Files.readString(pidFile).trim().equals(Long.toString(process.pid()));
    }

    /** The port the broker logged it listens on; 0 before that line. */
    private int port(String name) throws Exception {
        Path out = home.resolve(name + ".out");
        Matcher m = LISTENING.matcher(Files.exists(out) ? Files.readString(out) : "");
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
