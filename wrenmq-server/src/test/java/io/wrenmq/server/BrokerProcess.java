package io.wrenmq.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** `wrenmq start --conf FILE` as a real child process (this test JVM's classpath), for tests that kill it with SIGKILL. */
public final class BrokerProcess {
    private BrokerProcess() {
    }

    /**
     * Starts the broker with WRENMQ_HOME and the working directory = {@code home} (so its data directory is
     * home/data), its output in {@code log}, and returns once it listens on
     * {@code port} (at most 30 s; a broker that exits first fails with its log).
     */
    public static Process start(Path home, Path conf, int port, Path log) throws IOException, InterruptedException {
        return start(home, conf, port, log, System.getProperty("java.class.path"));
    }

    /** As {@link #start(Path, Path, int, Path)} with this class path (e.g. one without a native library's jar). */
    public static Process start(Path home, Path conf, int port, Path log, String classPath)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath,
                "io.wrenmq.server.cli.WrenmqCommand", "start", "--conf", conf.toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("WRENMQ_HOME", home.toString());
        Process broker = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return broker;
            } catch (IOException e) {
                if (!broker.isAlive()) {
                    throw new AssertionError("the broker exited with " + broker.exitValue() + ": " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    broker.destroyForcibly();
                    throw new AssertionError("the broker did not listen on " + port + " within 30 s");
                }
                Thread.sleep(50);
            }
        }
    }
}
