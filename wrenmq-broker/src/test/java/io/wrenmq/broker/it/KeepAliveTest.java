package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.DISCONNECT;
import static io.wrenmq.broker.it.RawMqttClient.PINGRESP;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keep alive enforcement [MQTT-3.1.2-22] and the v5 Server Keep Alive [MQTT-3.2.2-21]. */
@Timeout(30)
class KeepAliveTest {
    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(c -> c.keepaliveMultiplier(1.5).maxKeepalive(2));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** [MQTT-3.1.2-22]: a client silent for 1.5x its keep alive (1 s) is disconnected, v3.1.1: a plain close. */
    @Test
    void silentV311ClientIsClosedAfterOneAndAHalfKeepAlive_MQTT_3_1_2_22() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V311).clientId("ka3").keepAlive(1).build())) {
            long t0 = System.nanoTime();
            assertThat(raw.expectClosed(Duration.ofSeconds(5))).isEmpty();
            assertThat(elapsedMs(t0)).isBetween(1200L, 4000L);
        }
    }

    /** [MQTT-3.1.2-22] + 4.13: a v5 client is told DISCONNECT 0x8D Keep Alive timeout before the close. */
    @Test
    void silentV5ClientGetsDisconnect0x8D_MQTT_3_1_2_22() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V5).clientId("ka5").keepAlive(1).build())) {
            long t0 = System.nanoTime();
            List<Frame> frames = raw.expectClosed(Duration.ofSeconds(5));
            assertThat(elapsedMs(t0)).isBetween(1200L, 4000L);
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).type()).isEqualTo(DISCONNECT);
            assertThat(frames.get(0).disconnectReason()).isEqualTo(0x8D);
        }
    }

    /** [MQTT-3.1.2-23]-style liveness: PINGREQ within the keep alive keeps the connection open past 1.5x. */
    @Test
    void pingsKeepTheConnectionAlive() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V311).clientId("pinger").keepAlive(1).build())) {
            long t0 = System.nanoTime();
            while (elapsedMs(t0) < 2500) {
                raw.expectSilence(Duration.ofMillis(500)); // paces the pings and proves nothing else arrives
                raw.send(RawMqttClient.pingreq());
                assertThat(raw.expect(PINGRESP).body()).isEmpty(); // [MQTT-3.12.4-1]
            }
        }
    }

    /** [MQTT-3.2.2-21]: maxKeepalive 2 < the client's 60: CONNACK carries Server Keep Alive 2, and it is enforced. */
    @Test
    void serverKeepAliveLowerThanRequestedIsSentAndEnforced_MQTT_3_2_2_21() throws Exception {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("ska").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        try {
            Mqtt5ConnAck ack = c.connectWith().keepAlive(60).send();
            assertThat(ack.getServerKeepAlive()).hasValue(2);
        } finally {
            ConnectTest.disconnectQuietly(c);
        }
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V5).clientId("ska-raw").keepAlive(60).build());
            Frame ack = raw.expect(CONNACK);
            assertThat(ack.connackProperties().getLong(0x13)).isEqualTo(2L);
            long t0 = System.nanoTime();
            List<Frame> frames = raw.expectClosed(Duration.ofSeconds(6));
            assertThat(elapsedMs(t0)).isBetween(2500L, 5500L); // 1.5 x 2 s, not 1.5 x 60 s
            assertThat(frames).singleElement().satisfies(f -> assertThat(f.disconnectReason()).isEqualTo(0x8D));
        }
    }

    /** [MQTT-3.2.2-21]: keep alive 0 (off) is not allowed to escape a server maximum: Server Keep Alive is sent. */
    @Test
    void keepAliveZeroGetsServerKeepAlive_MQTT_3_2_2_21() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V5).clientId("ka0").keepAlive(0).build());
            assertThat(raw.expect(CONNACK).connackProperties().getLong(0x13)).isEqualTo(2L);
        }
    }

    /** No Server Keep Alive when the client's value is within the maximum. */
    @Test
    void noServerKeepAliveWhenClientValueIsAllowed() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V5).clientId("ka1").keepAlive(1).build());
            assertThat(raw.expect(CONNACK).connackProperties().has(0x13)).isFalse();
        }
    }

    private static long elapsedMs(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
