package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.AUTH;
import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.Packet;
import io.wrenmq.broker.it.RawMqttClient.PropsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Enhanced authentication on the wire (section 4.12): AUTH 0x18 steps, what is refused before CONNACK. */
@Timeout(30)
class EnhancedAuthWireTest {
    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(c -> c.connectTimeout(Duration.ofMillis(700)).auth().allowAnonymous(false)
                .plaintextPasswords(Map.of("admin", "public"), "test"));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static byte[] scramConnect() {
        return connect(V5).clientId("raw-scram").props(new PropsBuilder().str(0x15, "SCRAM-SHA-256")
                .bin(0x16, "n,,n=admin,r=abc".getBytes(StandardCharsets.UTF_8))).build();
    }

    @Test
    void theBrokerAnswersWithAuthContinueCarryingMethodAndServerFirstMessage() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(scramConnect());
            Frame auth = raw.expect(AUTH);
            assertThat(auth.body()[0] & 0xFF).isEqualTo(0x18);
            assertThat(new String(auth.body(), StandardCharsets.UTF_8)).contains("SCRAM-SHA-256").contains("r=abc")
                    .contains(",s=").contains(",i=4096");
        }
    }

    /** [MQTT-3.1.2-30]: before CONNACK a client that started enhanced auth may send only AUTH or DISCONNECT. */
    @Test
    void anotherPacketDuringTheExchangeIsAProtocolError_MQTT_3_1_2_30() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(scramConnect());
            raw.expect(AUTH);
            raw.send(RawMqttClient.pingreq());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames).extracting(Frame::type).containsExactly(CONNACK);
            assertThat(frames.get(0).connackCode()).isEqualTo(0x82);
        }
    }

    @Test
    void aWrongClientFinalMessageIsRefusedAndAnUnfinishedExchangeTimesOut() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(scramConnect());
            raw.expect(AUTH);
            byte[] finalMsg = "c=biws,r=wrong,p=AAAA".getBytes(StandardCharsets.UTF_8);
            raw.send(new Packet(0xF0).u8(0x18).props(new PropsBuilder().str(0x15, "SCRAM-SHA-256").bin(0x16, finalMsg)).build());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames.get(frames.size() - 1).connackCode()).isEqualTo(0x87);
        }
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(scramConnect());
            raw.expect(AUTH);
            // say nothing: mqtt.connect_timeout (700 ms) ends the exchange
            List<Frame> frames = raw.expectClosed(Duration.ofSeconds(5));
            assertThat(frames).extracting(Frame::type).containsExactly(CONNACK);
            assertThat(frames.get(0).connackCode()).isEqualTo(0x87);
        }
    }

    @Test
    void authenticationDataWithoutAMethodIsAProtocolError() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V5).clientId("raw-x").props(new PropsBuilder().bin(0x16, new byte[] {1})).build());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames.get(0).connackCode()).isEqualTo(0x82);
        }
    }

    /** Without enhanced auth at CONNECT, AUTH stays a protocol error [MQTT-4.12.0-?]. */
    @Test
    void authWithoutEnhancedAuthAtConnectIsAProtocolError() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V5).clientId("raw-y").user("admin", "public").build());
            assertThat(raw.expect(CONNACK).connackCode()).isZero();
            raw.send(new Packet(0xF0).u8(0x19).props(new PropsBuilder().str(0x15, "SCRAM-SHA-256")).build());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames.get(frames.size() - 1).disconnectReason()).isEqualTo(0x82);
        }
    }
}
