package io.wrenmq.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
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
 * Issue #4's crash test: the broker runs as a separate process ({@code wrenmq start} with SQLite persistence and
 * {@code sync = full}); real MQTT clients (Eclipse Paho, persistent sessions) publish QoS 1 and QoS 2 into
 * persistent subscribers, two of them online and two offline; the broker is killed with SIGKILL at random points
 * several times and restarted. Then: every message acknowledged to a publisher reached every persistent subscriber
 * of its QoS, QoS 2 messages arrived exactly once, and the retained messages set before each kill are still there.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {
    private static final int KILLS = 4;

    @TempDir
    Path home;
    private Process broker;
    private int port;
    private int starts;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<MqttClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        stop.set(true);
        for (MqttClient c : clients) {
            try {
                c.disconnectForcibly(100, 100);
            } catch (MqttException e) {
                // already disconnected
            }
            try {
                c.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }
        if (broker != null) {
            broker.destroyForcibly();
        }
    }

    @Test
    void acknowledgedMessagesSurviveRepeatedSigkill() throws Exception {
        long seed = System.nanoTime();
        System.out.println("CrashRecoveryTest seed " + seed);
        Random random = new Random(seed);
        port = freePort();
        Path conf = home.resolve("wrenmq.conf");
        Files.writeString(conf, "listeners.tcp.bind = \"127.0.0.1:" + port + "\"\n"
                + "system.sys_interval = 0s\n"
                + "mqtt.max_mqueue_len = 0\n" // no queue limit: every acknowledged message must arrive
                + "persistence { type = sqlite, path = \"data/crash.db\", sync = full }\n");
        startBroker(conf);

        Subscriber onlineQ1 = new Subscriber("online-q1", "crash/q1", 1);
        Subscriber onlineQ2 = new Subscriber("online-q2", "crash/q2", 2);
        Subscriber offlineQ1 = new Subscriber("offline-q1", "crash/q1", 1);
        Subscriber offlineQ2 = new Subscriber("offline-q2", "crash/q2", 2);
        for (Subscriber s : List.of(onlineQ1, onlineQ2, offlineQ1, offlineQ2)) {
            s.subscribe();
        }
        offlineQ1.client.disconnect();
        offlineQ2.client.disconnect();

        Publisher q1 = new Publisher("pub-q1", "crash/q1", 1);
        Publisher q2 = new Publisher("pub-q2", "crash/q2", 2);
        Thread keeper = new Thread(() -> keepConnected(List.of(onlineQ1.client, onlineQ2.client)), "keeper");
        keeper.start();
        q1.thread.start();
        q2.thread.start();

        Set<String> retained = new TreeSet<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            int before = q1.acked.size() + q2.acked.size();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> q1.acked.size() + q2.acked.size() >= before + 20);
            retained.add(setRetained("crash/retained/" + kill, "r" + kill));
            Thread.sleep(200 + random.nextInt(1500)); // traffic keeps flowing; the kill lands anywhere
            broker.destroyForcibly(); // SIGKILL
            assertThat(broker.waitFor(10, TimeUnit.SECONDS)).isTrue();
            startBroker(conf);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> q1.acked.size() + q2.acked.size() > 0);
        stop.set(true);
        q1.thread.join(20_000);
        q2.thread.join(20_000);
        keeper.join(5_000);
        connectForDrain(onlineQ1.client); // the online ones may have lost the last restart
        connectForDrain(onlineQ2.client);
        System.out.printf("acknowledged: %d QoS 1, %d QoS 2 over %d kills%n", q1.acked.size(), q2.acked.size(), KILLS);

        connectForDrain(offlineQ1.client);
        connectForDrain(offlineQ2.client);
        for (Subscriber s : List.of(onlineQ1, offlineQ1)) {
            s.awaitAll(q1.acked);
        }
        for (Subscriber s : List.of(onlineQ2, offlineQ2)) {
            s.awaitAll(q2.acked);
            s.assertNoDuplicates(); // QoS 2: exactly once, across every kill
        }
        assertThat(readRetained()).as("retained messages survive SIGKILL").containsAll(retained);
    }

    // ---- the broker process ----

    private void startBroker(Path conf) throws Exception {
        broker = BrokerProcess.start(home, conf, port, home.resolve("broker-" + (++starts) + ".log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- clients ----

    private MqttClient client(String id) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        clients.add(c);
        return c;
    }

    private static MqttConnectOptions persistentSession() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false); // a persistent session [MQTT-3.1.2-4]
        o.setAutomaticReconnect(false); // reconnects are driven here, so each is bounded and immediate
        o.setConnectionTimeout(2);
        o.setKeepAliveInterval(30);
        o.setMaxInflight(50);
        return o;
    }

    /** Connects, retrying while the broker restarts; false when asked to stop first. */
    private boolean connect(MqttClient c) {
        while (!stop.get()) {
            if (tryConnect(c)) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    /** Connects, retrying for up to 20 s (the final drain, after the traffic stopped). */
    private void connectForDrain(MqttClient c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!tryConnect(c)) {
            assertThat(System.nanoTime()).as(c.getClientId() + " reconnects").isLessThan(deadline);
            sleep(100);
        }
    }

    private static boolean tryConnect(MqttClient c) {
        try {
            c.connect(persistentSession());
            return true;
        } catch (MqttException e) {
            return e.getReasonCode() == MqttException.REASON_CODE_CLIENT_CONNECTED;
        }
    }

    private void keepConnected(List<MqttClient> online) {
        while (!stop.get()) {
            for (MqttClient c : online) {
                if (!c.isConnected()) {
                    connect(c);
                }
            }
            sleep(50);
        }
    }

    private String setRetained(String topic, String payload) throws Exception {
        MqttClient c = client("retainer-" + topic.replace('/', '-'));
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(5);
        c.connect(o);
        c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true); // returns after PUBACK
        c.disconnect();
        return topic + "=" + payload;
    }

    private Set<String> readRetained() throws Exception {
        Set<String> got = new ConcurrentSkipListSet<>();
        MqttClient c = client("retained-reader");
        c.setCallback(new Callback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                got.add(topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8));
            }
        });
        c.connect();
        c.subscribe("crash/retained/#", 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= KILLS);
        return got;
    }

    private final class Publisher {
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Thread thread;
        private final MqttClient client;
        private final String topic;
        private final int qos;

        Publisher(String id, String topic, int qos) throws MqttException {
            this.client = client(id);
            this.topic = topic;
            this.qos = qos;
            this.thread = new Thread(this::run, id);
        }

        private void run() {
            int seq = 0;
            while (!stop.get()) {
                if (!client.isConnected() && !connect(client)) {
                    return;
                }
                String payload = topic + "-" + seq++;
                try {
                    // Blocks until PUBACK (QoS 1) or PUBCOMP (QoS 2): only then is the message acknowledged.
                    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
                    acked.add(payload);
                } catch (MqttException e) {
                    // Killed meanwhile: unknown outcome (Paho resends it after reconnecting); not counted.
                }
            }
        }
    }

    private final class Subscriber {
        final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        final MqttClient client;
        private final String topic;
        private final int qos;

        Subscriber(String id, String topic, int qos) throws MqttException {
            this.client = client(id);
            this.topic = topic;
            this.qos = qos;
            client.setCallback(new Callback() {
                @Override
                public void messageArrived(String t, MqttMessage m) {
                    received.computeIfAbsent(new String(m.getPayload(), StandardCharsets.UTF_8),
                            k -> new AtomicInteger()).incrementAndGet();
                }
            });
        }

        void subscribe() throws MqttException {
            client.connect(persistentSession());
            client.subscribe(topic, qos);
        }

        void awaitAll(Set<String> acked) {
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> received.keySet().containsAll(acked));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                Set<String> missing = new TreeSet<>(acked);
                missing.removeAll(received.keySet());
                throw new AssertionError(client.getClientId() + " is missing " + missing.size()
                        + " acknowledged messages, e.g. " + missing.stream().limit(10).toList(), e);
            }
        }

        void assertNoDuplicates() {
            List<String> twice = received.entrySet().stream().filter(e -> e.getValue().get() > 1)
                    .map(Map.Entry::getKey).sorted().toList();
            assertThat(twice).as(client.getClientId() + " received QoS 2 messages more than once").isEmpty();
        }
    }

    private abstract static class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
