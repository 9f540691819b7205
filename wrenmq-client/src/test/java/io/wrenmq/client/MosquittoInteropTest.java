package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.UserProperty;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client against a real Mosquitto (Debian's package; CI installs it): pub/sub at QoS 0/1/2 with MQTT
 * 3.1.1 and 5. Skipped only when /usr/sbin/mosquitto is absent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MosquittoInteropTest {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    @TempDir
    static Path dir;
    private static Process mosquitto;
    private static int port;

    @BeforeAll
    static void startMosquitto() throws Exception {
        assumeTrue(Files.isExecutable(MOSQUITTO), "mosquitto is not installed at " + MOSQUITTO);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
        mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        await().atMost(10, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS).until(() -> {
            assertThat(mosquitto.isAlive()).as("mosquitto running (see its log)").isTrue();
            return listening(port);
        });
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopMosquitto() throws InterruptedException {
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(5, TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest(name = "{0} QoS {1}")
    @CsvSource({"V3_1_1,0", "V3_1_1,1", "V3_1_1,2", "V5,0", "V5,1", "V5,2"})
    void pubSubAtEveryQos(MqttVersion version, int qos) throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        String prefix = "interop/" + version + "/" + qos;
        try (MqttClient sub = Brokers.client(port, version, "m-sub-" + version + qos).build();
                MqttClient pub = Brokers.client(port, version, "m-pub-" + version + qos).build()) {
            sub.onMessage(inbox);
            sub.connect().join();
            assertThat(sub.subscribe(prefix + "/#", qos).join()).containsExactly(ReasonCode.grantedQos(qos));
            ConnectResult r = pub.connect().join();
            assertThat(r.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            List<CompletableFuture<PublishResult>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                // Repeated topics: with MQTT 5 these go out with topic aliases (Mosquitto allows 10).
                results.add(pub.publish(prefix + "/" + (i % 3), "m" + i, qos, false));
            }
            for (CompletableFuture<PublishResult> f : results) {
                PublishResult result = f.join();
                assertThat(result.qos()).isEqualTo(qos);
                assertThat(result.reasonCode().isError()).isFalse();
            }
            for (int i = 0; i < 50; i++) {
                ReceivedMessage m = inbox.take();
                assertThat(m.topic()).isEqualTo(prefix + "/" + (i % 3));
                assertThat(m.payloadAsString()).isEqualTo("m" + i);
                assertThat(m.qos()).isEqualTo(qos);
            }
            assertThat(sub.unsubscribe(prefix + "/#").join()).hasSize(1);
        }
    }

    @Test
    void v5PropertiesAndInboundAliasesWithMosquitto() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (MqttClient client = Brokers.client(port, MqttVersion.V5, "m-props").topicAliasMaximum(5).build()) {
            client.onMessage(inbox);
            client.connect().join();
            client.subscribe(List.of(new io.wrenmq.codec.Subscription("props/#", 2)), 7, Properties.EMPTY).join();
            Properties props = Properties.builder().addUserProperty("a", "1").addUserProperty("b", "2").build();
            client.publish("props/x", "p".getBytes(), 2, false, props).join();
            ReceivedMessage m = inbox.take();
            assertThat(m.properties().userProperties()).containsExactly(new UserProperty("a", "1"),
                    new UserProperty("b", "2"));
            assertThat(m.subscriptionIds()).containsExactly(7);
            assertThat(m.qos()).isEqualTo(2);
        }
    }
}
