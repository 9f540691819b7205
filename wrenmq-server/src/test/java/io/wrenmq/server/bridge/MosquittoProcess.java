package io.wrenmq.server.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's Mosquitto as a real remote broker for bridge tests (CI installs it; tests skip without it). */
final class MosquittoProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts Mosquitto with one listener on a free loopback port; {@code listenerLines} are added under it (e.g. its
     * TLS files).
     */
    static MosquittoProcess start(Path dir, String name, String listenerLines) throws IOException {
        int port = freePort();
        Path conf = dir.resolve(name + ".conf");
        // As root, Mosquitto drops to the user "mosquitto", which cannot read files in a test's private temp folder;
        // "user root" keeps it as it is (when not root the option changes nothing).
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(conf, user + "per_listener_settings false\nallow_anonymous true\nlistener " + port
                + " 127.0.0.1\n" + listenerLines);
        Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        MosquittoProcess m = new MosquittoProcess(p, port);
        await().atMost(10, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS).until(() -> {
            assertThat(p.isAlive()).as("mosquitto running (see " + name + ".log)").isTrue();
            return listening(port);
        });
        return m;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
