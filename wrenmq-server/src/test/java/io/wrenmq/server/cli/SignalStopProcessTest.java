package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The clean stop a service manager relies on (issue #17): `wrenmq start` as a real process, stopped with SIGTERM
 * (systemd's stop, `wrenmq stop`) or SIGINT (Ctrl+C; on Windows WinSW sends Ctrl+C, which the JVM maps to the same
 * shutdown path). It exits with 128+signal after its shutdown hook, removes its PID file, closes the SQLite store
 * (no write-ahead log left behind, which a killed broker leaves), and a QoS 1 message acknowledged to a publisher for
 * an offline persistent session is delivered after the restart.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignalStopProcessTest {
    @TempDir
    Path home;
    private Process broker;
    private int port;

    @AfterEach
    void cleanUp() {
        if (broker != null) {
            broker.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void stopsCleanlyWithTheStoreFlushed(String signal, int exitCode) throws Exception {
        port = freePort();
        Path conf = home.resolve("wrenmq.conf");
        Path pidFile = home.resolve("data/run/broker.pid");
        Path store = home.resolve("data/stop.db");
        Path wal = home.resolve("data/stop.db-wal");
        // Absolute paths: the same files whether relative ones are under WRENMQ_HOME or the data directory.
        Files.writeString(conf, "listeners.tcp.bind = \"127.0.0.1:" + port + "\"\n"
                + "system { sys_interval = 0s, pid_file = \"" + pidFile + "\" }\n"
                + "persistence { type = sqlite, path = \"" + store + "\", sync = normal }\n");
        start(conf, "1");

        MqttClient subscriber = client("offline-sub");
        subscriber.connect(persistentSession());
        subscriber.subscribe("stop/q1", 1);
        subscriber.disconnect();
        MqttClient publisher = client("publisher");
        publisher.connect();
        publisher.publish("stop/q1", "acknowledged".getBytes(StandardCharsets.UTF_8), 1, false); // returns on PUBACK
        publisher.disconnect();
        publisher.close();
        assertThat(pidFile).exists();
        assertThat(wal).as("the store is open in WAL mode while the broker runs").exists();

        new ProcessBuilder("kill", "-" + signal, Long.toString(broker.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("the broker exits on SIG%s", signal).isTrue();
        assertThat(broker.exitValue()).as("exit status after SIG%s: the shutdown hook ran", signal).isEqualTo(exitCode);
        assertThat(pidFile).as("PID file removed").doesNotExist();
        assertThat(wal).as("store closed: its write-ahead log checkpointed and removed").doesNotExist();
        assertThat(Files.readString(home.resolve("broker-1.log"))).doesNotContain("Exception");

        start(conf, "2");
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        subscriber.setCallback(new ReceivingCallback(received));
        subscriber.connect(persistentSession());
        assertThat(received.poll(20, TimeUnit.SECONDS)).as("the acknowledged message survived the stop").isEqualTo("acknowledged");
        subscriber.disconnect();
        subscriber.close();
    }

    private void start(Path conf, String n) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(DefaultSighup.resetting("INT,TERM", java, "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), WrenmqCommand.class.getName(), "start", "--conf", conf.toString()))
                .redirectErrorStream(true).redirectOutput(home.resolve("broker-" + n + ".log").toFile());
        pb.environment().put("WRENMQ_HOME", home.toString());
        pb.environment().put("WRENMQ_DATA_DIR", home.resolve("data").toString()); // as a service sets it
        broker = pb.directory(home.toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!broker.isAlive()) {
                throw new AssertionError("the broker exited: " + Files.readString(home.resolve("broker-" + n + ".log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private MqttClient client(String id) throws Exception {
        return new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
    }

    private static MqttConnectOptions persistentSession() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false); // a persistent session [MQTT-3.1.2-4]
        o.setConnectionTimeout(10);
        return o;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Queues the payloads of arriving messages. */
    private record ReceivingCallback(BlockingQueue<String> received) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
