package io.wrenmq.server.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wrenmq.broker.transport.QuicListener;
import io.wrenmq.broker.transport.TestPki;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.ReceivedMessage;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.BrokerProcess;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where QUIC's native library is missing (a platform without a netty-codec-native-quic jar), `wrenmq start` with a
 * quic listener leaves that listener out with one ERROR line naming the cause and the platform, and the rest of the
 * broker runs. Proven for real: a child JVM whose class path lacks the native jars, so quiche cannot load.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuicUnavailableTest {
    @TempDir
    Path home;

    @Test
    void theQuicListenerIsLeftOutAndTheRestRuns() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(home.resolve("certs")));
        int tcp = freePort();
        Path conf = Files.writeString(home.resolve("q.conf"), """
                listeners.tcp { bind = "127.0.0.1:%d" }
                listeners.quic {
                  bind = "127.0.0.1:0"
                  keyfile = "%s"
                  certfile = "%s"
                }
                persistence.type = memory
                """.formatted(tcp, pki.file("server-pkcs8.key"), pki.file("server.crt")));
        String withoutNativeQuic = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("netty-codec-native-quic"))
                .collect(Collectors.joining(File.pathSeparator));
        Path log = home.resolve("broker.log");
        Process broker = BrokerProcess.start(home, conf, tcp, log, withoutNativeQuic);
        try (MqttClient c = MqttClient.builder().host("127.0.0.1").port(tcp).version(MqttVersion.V5).clientId("still-runs")
                .build()) {
            List<ReceivedMessage> got = new CopyOnWriteArrayList<>();
            c.onMessage(got::add);
            c.connect().join();
            c.subscribe("t", 1).join();
            c.publish("t", "over tcp", 1, false).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
            String text = Files.readString(log);
            assertThat(text).contains("Not starting quic listener default on 127.0.0.1:0: the QUIC native library"
                    + " (netty-codec-native-quic) is not available for " + QuicListener.platform());
            assertThat(text).contains("the other listeners run");
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
