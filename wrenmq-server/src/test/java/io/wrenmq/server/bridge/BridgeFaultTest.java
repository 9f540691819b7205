package io.wrenmq.server.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.wrenmq.broker.it.TestBroker;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.server.BrokerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's promise under faults (issue #13): a publisher streams numbered QoS 1 messages into a local WrenMQ (a real
 * `wrenmq start` process with a bridge in its file) while the remote broker is stopped and restarted twice, and the
 * local broker is killed with SIGKILL during the second outage and started again. Then every message the local broker
 * acknowledged to the publisher is on the remote, new numbers arrive in publish order, and duplicates stay within what
 * can be in flight at each cut.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BridgeFaultTest {
    private static final int WINDOW = 32;

    @TempDir
    Path home;
    private Process local;
    private int localPort;
    private int starts;
    private TestBroker remote;
    private final AtomicBoolean stop = new AtomicBoolean();

    @AfterEach
    void cleanUp() {
        stop.set(true);
        if (local != null) {
            local.destroyForcibly();
        }
        if (remote != null) {
            remote.close();
        }
    }

    @Test
    void acknowledgedMessagesReachTheRemoteThroughOutagesAndSigkill() throws Exception {
        localPort = MosquittoProcess.freePort();
        int remotePort = MosquittoProcess.freePort();
        Path remoteDb = home.resolve("remote.db");
        remote = startRemote(remotePort, remoteDb);
        // The cloud application's persistent session: it collects while it is away, across the remote's restarts.
        Mqtt3BlockingClient archive = archive(remotePort);
        archive.subscribeWith().topicFilter("seq/#").qos(MqttQos.AT_LEAST_ONCE).send();
        archive.disconnect();

        Path conf = home.resolve("local.conf");
        Files.writeString(conf, "listeners.tcp.bind = \"127.0.0.1:" + localPort + "\"\n"
                + "system.sys_interval = 0s\n"
                + "persistence { type = sqlite, path = \"data/local.db\", sync = full }\n"
                + "bridges.mqtt.cloud {\n"
                + "  server = \"mqtt-tcp://127.0.0.1:" + remotePort + "\"\n"
                + "  proto_ver = 4\n"
                + "  clientid = \"edge-1\"\n"
                + "  backoff_max = 2s\n"
                + "  max_send_queue_len = " + WINDOW + "\n"
                + "  forwards = [ { local_topic = \"seq/#\", remote_topic = \"\" } ]\n"
                + "}\n"
                + "bridges.mqtt.cache { disk_cache_size = 1000000 }\n");
        startLocal(conf);

        Publisher pub = new Publisher();
        pub.thread.start();
        awaitAcked(pub, 200);
        for (int outage = 1; outage <= 2; outage++) {
            remote.close(); // the uplink goes down
            remote = null;
            awaitAcked(pub, pub.acked.size() + 300);
            if (outage == 2) {
                local.destroyForcibly(); // SIGKILL during the outage: the cache is on disk only
                assertThat(local.waitFor(10, TimeUnit.SECONDS)).isTrue();
                startLocal(conf);
                awaitAcked(pub, pub.acked.size() + 200);
            }
            remote = startRemote(remotePort, remoteDb); // back
            awaitAcked(pub, pub.acked.size() + 200);
        }
        stop.set(true);
        pub.thread.join(20_000);
        Set<Integer> acked = pub.acked;
        System.out.printf("BridgeFaultTest: %d messages acknowledged by the local broker%n", acked.size());

        List<Integer> seen = new ArrayList<>();
        Mqtt3BlockingClient drain = Mqtt3Client.builder().identifier("archive").serverHost("127.0.0.1")
                .serverPort(remotePort).buildBlocking();
        try (Mqtt3BlockingClient.Mqtt3Publishes got = drain.publishes(MqttGlobalPublishFilter.ALL)) {
            drain.connectWith().cleanSession(false).send();
            int highest = acked.stream().mapToInt(Integer::intValue).max().orElseThrow();
            while (!seen.contains(highest) || !seen.containsAll(acked)) {
                Optional<Mqtt3Publish> m = got.receive(30, TimeUnit.SECONDS);
                assertThat(m).as("the next message; missing: " + missing(acked, seen)).isPresent();
                seen.add(Integer.parseInt(new String(m.get().getPayloadAsBytes(), StandardCharsets.UTF_8)));
            }
            drain.disconnect();
        }
        int duplicates = seen.size() - (int) seen.stream().distinct().count();
        System.out.printf("BridgeFaultTest: %d received, %d duplicates%n", seen.size(), duplicates);
        int highestNew = -1;
        for (int v : seen) {
            if (v > highestNew) {
                // a number not seen before is the next one: the publisher sends a number again until it is
                // acknowledged, so nothing is skipped, and nothing overtakes an earlier number
                assertThat(v).as("in publish order").isEqualTo(highestNew + 1);
                highestNew = v;
            }
        }
        // three cuts (two outages, one kill); at each, at most the window was in flight, plus the publisher's resend
        assertThat(duplicates).as("duplicates bounded by what was in flight").isLessThanOrEqualTo(3 * (WINDOW + 1));
    }

    private static List<Integer> missing(Set<Integer> acked, List<Integer> seen) {
        List<Integer> out = new ArrayList<>();
        for (int a : acked) {
            if (!seen.contains(a) && out.size() < 20) {
                out.add(a);
            }
        }
        return out;
    }

    private void awaitAcked(Publisher pub, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> pub.acked.size() >= count);
    }

    private static Mqtt3BlockingClient archive(int port) {
        Mqtt3BlockingClient c = Mqtt3Client.builder().identifier("archive").serverHost("127.0.0.1").serverPort(port)
                .buildBlocking();
        c.connectWith().cleanSession(false).send();
        return c;
    }

    private TestBroker startRemote(int port, Path db) {
        return TestBroker.start(c -> c.tcp("127.0.0.1", port).maxMqueueLen(0)
                .persistence(new PersistenceConfig().type(PersistenceConfig.Type.SQLITE).path(db)
                        .sync(PersistenceConfig.Sync.FULL)));
    }

    private void startLocal(Path conf) throws Exception {
        local = BrokerProcess.start(home, conf, localPort, home.resolve("local-" + (++starts) + ".log"));
    }

    /** Publishes 0, 1, 2, ... at QoS 1; a number counts as acknowledged once publish() returned; retried until then. */
    private final class Publisher {
        final Set<Integer> acked = new ConcurrentSkipListSet<>();
        final Thread thread = new Thread(this::run, "numbered-publisher");

        private void run() {
            MqttClient c = null;
            int next = 0;
            while (!stop.get()) {
                try {
                    if (c == null || !c.isConnected()) {
                        c = connect();
                    }
                    MqttMessage m = new MqttMessage(Integer.toString(next).getBytes(StandardCharsets.UTF_8));
                    m.setQos(1);
                    c.publish("seq/numbers", m); // returns on PUBACK
                    acked.add(next);
                    next++;
                } catch (MqttException e) {
                    closeQuietly(c);
                    c = null;
                    sleep(100); // the broker is being killed or restarted: the same number again
                }
            }
            closeQuietly(c);
        }

        private MqttClient connect() throws MqttException {
            MqttClient c = new MqttClient("tcp://127.0.0.1:" + localPort, "numbered", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setConnectionTimeout(2);
            c.setTimeToWait(5000);
            c.connect(o);
            return c;
        }

        private void closeQuietly(MqttClient c) {
            if (c == null) {
                return;
            }
            try {
                c.disconnectForcibly(100, 100);
            } catch (MqttException e) {
                // gone already
            }
            try {
                c.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }

        private void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
