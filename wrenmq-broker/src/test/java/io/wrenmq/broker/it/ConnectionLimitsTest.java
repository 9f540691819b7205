package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.broker.limits.ListenerLimits;
import io.wrenmq.broker.limits.Rate;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.metrics.LimitsMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Accept-time limits: per-listener and global max_connections, max_conn_rate (listener and global). */
@Timeout(30)
class ConnectionLimitsTest {

    /** True when the broker answered a CONNECT with a successful CONNACK; false when it closed the socket. */
    private static boolean connects(int port, String clientId, List<RawMqttClient> keep) throws IOException {
        RawMqttClient c = RawMqttClient.open(port);
        try {
            c.send(connect(V311).clientId(clientId).build());
            RawMqttClient.Frame f = c.readOrEof(Duration.ofSeconds(5));
            if (f != null && f.type() == CONNACK && f.connackCode() == 0) {
                keep.add(c);
                return true;
            }
        } catch (IOException e) {
            // the broker closed the socket before our CONNECT was written: refused
        }
        c.close();
        return false;
    }

    @Test
    void listenerMaxConnectionsRefusesTheNextAndAcceptsAgainAfterOneLeaves() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.listeners(List.of(
                new ListenerConfig("default", "127.0.0.1", 0, true, 2))))) {
            MqttClient paho = new MqttClient(b.uri(), "lmc-paho", new MemoryPersistence());
            paho.connect();
            Mqtt5BlockingClient hive = Mqtt5Client.builder().identifier("lmc-hive").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            hive.connect();
            List<RawMqttClient> open = new ArrayList<>();
            assertThat(connects(b.port(), "lmc-3", open)).as("third connection").isFalse();
            MqttClient third = new MqttClient(b.uri(), "lmc-paho2", new MemoryPersistence());
            MqttConnectOptions v311 = new MqttConnectOptions();
            v311.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no second try with 3.1
            assertThatThrownBy(() -> third.connect(v311)).isInstanceOf(MqttException.class);
            LimitsMetrics m = b.broker().metrics().limits;
            assertThat(m.connectionsRefusedMaxConnections.sum()).isEqualTo(2);
            hive.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> connects(b.port(), "lmc-4", open));
            paho.disconnect();
            paho.close();
            third.close();
            open.forEach(RawMqttClient::close);
        }
    }

    @Test
    void globalMaxConnectionsCountsEveryListener() throws Exception {
        try (TestBroker b = TestBroker.start(c -> {
            c.listeners(List.of(new ListenerConfig("a", "127.0.0.1", 0, true, 0),
                    new ListenerConfig("b", "127.0.0.1", 0, true, 0)));
            c.limits().maxConnections(2);
        })) {
            int portA = b.broker().boundAddresses().get(0).getPort();
            int portB = b.broker().boundAddresses().get(1).getPort();
            List<RawMqttClient> open = new ArrayList<>();
            assertThat(connects(portA, "g1", open)).isTrue();
            assertThat(connects(portB, "g2", open)).isTrue();
            assertThat(connects(portA, "g3", open)).isFalse();
            assertThat(connects(portB, "g4", open)).isFalse();
            assertThat(b.broker().metrics().limits.connectionsRefusedMaxConnections.sum()).isEqualTo(2);
            assertThat(b.broker().limits().openConnections()).isEqualTo(2);
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> connects(portB, "g5", open));
            open.forEach(RawMqttClient::close);
        }
    }

    /** Fast connects beyond rate + burst are closed at accept; once tokens refill, connections are accepted again. */
    @Test
    void listenerConnectionRateRefusesTheExcessThenRecovers() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().listener("tcp:default",
                new ListenerLimits(new Rate(2, 5), null, null)))) {
            assertConnectionRateEnforced(b, 5);
        }
    }

    @Test
    void globalConnectionRateRefusesTheExcessThenRecovers() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().maxConnRate(new Rate(2, 4)))) {
            assertConnectionRateEnforced(b, 4);
        }
    }

    private static void assertConnectionRateEnforced(TestBroker b, int burst) throws Exception {
        List<RawMqttClient> open = new ArrayList<>();
        int accepted = 0;
        int attempts = burst + 6;
        for (int i = 0; i < attempts; i++) {
            if (connects(b.port(), "rate-" + i, open)) {
                accepted++;
            }
        }
        // The burst goes through; at 2/s at most a couple more refill while the loop runs (loose on a busy machine).
        assertThat(accepted).isBetween(burst, burst + 3);
        long refused = b.broker().metrics().limits.connectionsRefusedRate.sum();
        assertThat(refused).isEqualTo(attempts - accepted);
        await().atMost(Duration.ofSeconds(5)).until(() -> connects(b.port(), "rate-later", open));
        open.forEach(RawMqttClient::close);
    }
}
