package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.DISCONNECT;
import static io.wrenmq.broker.it.RawMqttClient.V31;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CONNECT / CONNACK rules, proven against a live broker with raw bytes, Paho v3 and the HiveMQ v5 client. */
@Timeout(30)
class ConnectTest {
    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(c -> c.connectTimeout(Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    // ---- protocol name and level ----

    /**
     * [MQTT-3.1.2-2]: a protocol level that is not 3, 4 or 5, older or newer, gets the 2-byte CONNACK 0x20 0x02 0x00
     * 0x01 (return code 1, unacceptable protocol version), as Mosquitto and EMQX answer, then the connection closes.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 6, 7, 255})
    void unsupportedProtocolLevelGetsReturnCode1ThenClose_MQTT_3_1_2_2(int level) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(new RawMqttClient.Packet(0x10).str("MQTT").u8(level).u8(0x02).u16(60).u8(0).str("c").build());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).type()).isEqualTo(CONNACK);
            assertThat(frames.get(0).flags()).isZero();
            assertThat(frames.get(0).body()).containsExactly(0x00, 0x01); // v3 CONNACK: flags 0, return code 1
        }
        assertThat(broker.broker().sessions().get("c")).isNull();
    }

    /**
     * [MQTT-3.1.2-1]: a protocol name that does not belong to a known level ("MQTX"/4, "MQTT"/3) is refused in that
     * level's format: 3.1/3.1.1 get the 2-byte CONNACK with return code 1, then the connection closes.
     */
    @ParameterizedTest
    @CsvSource({"MQTX,4", "MQTT,3", "MQIsdp,4", "MQTX,3"})
    void wrongProtocolNameWithAV3LevelGetsReturnCode1ThenClose_MQTT_3_1_2_1(String name, int level) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(new RawMqttClient.Packet(0x10).str(name).u8(level).u8(0x02).u16(60).str("c").build());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).type()).isEqualTo(CONNACK);
            assertThat(frames.get(0).body()).containsExactly(0x00, 0x01);
        }
        assertThat(broker.broker().sessions().get("c")).isNull();
    }

    /**
     * [MQTT-3.1.2-1] (5.0): a wrong protocol name with level 5 ("MQIsdp"/5, "MQTX"/5) is refused in the v5 format:
     * CONNACK reason code 0x84 Unsupported Protocol Version, then the connection closes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"MQIsdp", "MQTX", "mqtt"})
    void wrongProtocolNameWithLevel5GetsV5Reason0x84ThenClose_MQTT_3_1_2_1(String name) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V5).protocolName(name).clientId("c").build());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).type()).isEqualTo(CONNACK);
            assertThat(frames.get(0).connackCode()).isEqualTo(0x84);
            assertThat(frames.get(0).sessionPresent()).isFalse();
            assertThat(frames.get(0).body()).hasSize(3); // flags, reason code, empty property list: the v5 format
        }
        assertThat(broker.broker().sessions().get("c")).isNull();
    }

    /** MQTT 3.1 (protocol name MQIsdp, level 3) clients are served: Paho with MQTT_VERSION_3_1. */
    @Test
    void mqtt31ClientConnectsSubscribesAndReceives() throws Exception {
        MqttClient paho = new MqttClient(broker.uri(), "paho31", new MemoryPersistence());
        try {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1);
            o.setCleanSession(true);
            paho.connect(o);
            BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
            paho.subscribe("v31/#", 1, (t, m) -> got.add(t + "=" + new String(m.getPayload(), StandardCharsets.UTF_8)));
            paho.publish("v31/a", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("v31/a=hello");
            paho.disconnect();
        } finally {
            closeQuietly(paho);
        }
        // and on the wire: CONNACK with the 3.1 format (no session present flag), return code 0
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V31).clientId("raw31").clean(false).build());
            Frame f = raw.expect(CONNACK);
            assertThat(f.body()).containsExactly(0x00, 0x00);
        }
    }

    // ---- connect flags ----

    /** [MQTT-3.1.2-3]: the reserved connect flag must be 0, else the server disconnects (3.1.1: no CONNACK). */
    @Test
    void reservedConnectFlagClosesV311WithoutConnack_MQTT_3_1_2_3() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V311).clientId("c").extraFlags(0x01).build());
            assertThat(raw.expectClosed()).isEmpty();
        }
        assertThat(broker.broker().sessions().get("c")).isNull();
    }

    /** [MQTT-3.1.2-3] + 4.13.1: a v5 client is told 0x81 Malformed Packet in the CONNACK before the close. */
    @Test
    void reservedConnectFlagGetsV5Connack0x81ThenClose_MQTT_3_1_2_3() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V5).clientId("c").extraFlags(0x01).build());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).connackCode()).isEqualTo(0x81);
        }
    }

    // ---- client identifier ----

    /** [MQTT-3.1.3-6]: an empty client id with Clean Session 1 is accepted (3.1.1) and the client works. */
    @Test
    void emptyClientIdWithCleanSessionIsAccepted_MQTT_3_1_3_6() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V311).clientId("").clean(true).build());
            Frame f = raw.expect(CONNACK);
            assertThat(f.body()).containsExactly(0x00, 0x00);
            raw.subscribeAndAwait(false, 1, "empty/id", 0);
            raw.send(RawMqttClient.publishV3("empty/id", 0, 0, "x"));
            assertThat(raw.expect(RawMqttClient.PUBLISH).publish(false).payloadString()).isEqualTo("x");
        }
        // Paho v3.1.1 with an empty id and clean session
        MqttClient paho = new MqttClient(broker.uri(), "", new MemoryPersistence());
        try {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setCleanSession(true);
            IMqttToken t = paho.connectWithResult(o);
            assertThat(t.getSessionPresent()).isFalse();
            paho.disconnect();
        } finally {
            closeQuietly(paho);
        }
    }

    /** [MQTT-3.1.3-8]: an empty client id with Clean Session 0 gets return code 0x02 and the connection closes. */
    @Test
    void emptyClientIdWithoutCleanSessionIsRefusedWith0x02_MQTT_3_1_3_8() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V311).clientId("").clean(false).build());
            List<Frame> frames = raw.expectClosed();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).body()).containsExactly(0x00, 0x02);
        }
    }

    /** [MQTT-3.2.2-16]: a v5 client with an empty id gets an Assigned Client Identifier, unique per client. */
    @Test
    void v5EmptyClientIdGetsAssignedClientIdentifier_MQTT_3_2_2_16() throws Exception {
        Mqtt5BlockingClient a = Mqtt5Client.builder().serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        Mqtt5BlockingClient b = Mqtt5Client.builder().serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        try {
            Mqtt5ConnAck ackA = a.connect();
            Mqtt5ConnAck ackB = b.connect();
            assertThat(ackA.getAssignedClientIdentifier()).isPresent();
            assertThat(ackB.getAssignedClientIdentifier()).isPresent();
            String idA = ackA.getAssignedClientIdentifier().get().toString();
            assertThat(idA).isNotEmpty().isNotEqualTo(ackB.getAssignedClientIdentifier().get().toString());
            assertThat(broker.broker().sessions().get(idA)).isNotNull();
            // the assigned id is a working session
            try (Mqtt5BlockingClient.Mqtt5Publishes pubs = a.publishes(MqttGlobalPublishFilter.ALL)) {
                a.subscribeWith().topicFilter("assigned").qos(MqttQos.AT_LEAST_ONCE).send();
                b.publishWith().topic("assigned").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
                assertThat(pubs.receive(5, TimeUnit.SECONDS)).isPresent();
            }
        } finally {
            disconnectQuietly(a);
            disconnectQuietly(b);
        }
        // a client that supplied its id does not get one assigned
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(connect(V5).clientId("mine").build());
            Frame f = raw.expect(CONNACK);
            assertThat(f.connackCode()).isZero();
            assertThat(f.connackProperties().has(0x12)).isFalse();
        }
    }

    // ---- session present ----

    /** [MQTT-3.2.2-1] [MQTT-3.2.2-2] [MQTT-3.2.2-3] (3.1.1 numbering), with Paho v3. */
    @Test
    void sessionPresentFlagV311_MQTT_3_2_2_1_2_3() throws Exception {
        MqttClient paho = new MqttClient(broker.uri(), "sp311", new MemoryPersistence());
        try {
            MqttConnectOptions persistent = new MqttConnectOptions();
            persistent.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            persistent.setCleanSession(false);
            // no session yet: 0 [MQTT-3.2.2-3]
            assertThat(paho.connectWithResult(persistent).getSessionPresent()).isFalse();
            paho.disconnect();
            // a stored session (even without subscriptions): 1 [MQTT-3.2.2-2]
            assertThat(paho.connectWithResult(persistent).getSessionPresent()).isTrue();
            paho.subscribe("sp/a", 1);
            paho.disconnect();
            assertThat(paho.connectWithResult(persistent).getSessionPresent()).isTrue();
            paho.disconnect();
            // clean session 1: always 0 [MQTT-3.2.2-1]
            MqttConnectOptions clean = new MqttConnectOptions();
            clean.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            clean.setCleanSession(true);
            assertThat(paho.connectWithResult(clean).getSessionPresent()).isFalse();
            paho.disconnect();
            // the clean session ended with its connection: 0 again
            assertThat(paho.connectWithResult(persistent).getSessionPresent()).isFalse();
            paho.disconnect();
        } finally {
            closeQuietly(paho);
        }
    }

    /** [MQTT-3.2.2-2] [MQTT-3.2.2-3] (5.0): Session Present 0 on Clean Start, 1 on a resumed session. */
    @Test
    void sessionPresentFlagV5_MQTT_3_2_2_2_and_3() {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("sp5").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        try {
            assertThat(c.connectWith().cleanStart(true).sessionExpiryInterval(60).send().isSessionPresent()).isFalse();
            c.disconnect();
            assertThat(c.connectWith().cleanStart(false).sessionExpiryInterval(60).send().isSessionPresent()).isTrue();
            c.disconnect();
            assertThat(c.connectWith().cleanStart(true).sessionExpiryInterval(0).send().isSessionPresent()).isFalse();
            c.disconnect();
            // expiry 0: the session ended with the connection
            assertThat(c.connectWith().cleanStart(false).send().isSessionPresent()).isFalse();
            c.disconnect();
        } finally {
            disconnectQuietly(c);
        }
    }

    // ---- CONNECT timeout and packet order ----

    /** A socket that never sends CONNECT is closed after connectTimeout (500 ms here). */
    @Test
    void idleSocketWithoutConnectIsClosedAfterConnectTimeout() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            long t0 = System.nanoTime();
            assertThat(raw.expectClosed(Duration.ofSeconds(4))).isEmpty();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).isBetween(300L, 4000L);
        }
    }

    /** A CONNECT that starts but never completes is closed by the same timeout (no slow-loris hold). */
    @Test
    void partialConnectIsClosedAfterConnectTimeout() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            byte[] c = connect(V311).clientId("slow").build();
            raw.send(java.util.Arrays.copyOf(c, c.length - 2));
            long t0 = System.nanoTime();
            assertThat(raw.expectClosed(Duration.ofSeconds(4))).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(200L, 4000L);
        }
    }

    /** The CONNECT timeout stops once CONNECT arrived: a connected client (keep alive 0) outlives it. */
    @Test
    void connectTimeoutDoesNotHitConnectedClients() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V311).clientId("ok").keepAlive(0).build())) {
            raw.expectSilence(Duration.ofMillis(900)); // > the 500 ms connect timeout
            raw.send(RawMqttClient.pingreq());
            raw.expect(RawMqttClient.PINGRESP);
        }
    }

    /** [MQTT-3.1.0-1]: the first packet must be CONNECT; anything else closes the connection without an answer. */
    @ParameterizedTest
    @ValueSource(strings = {"c000", "30060003612f6278", "82060001000161 00", "e000"})
    void firstPacketNotConnectIsClosed_MQTT_3_1_0_1(String hex) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(RawMqttClient.hex(hex));
            assertThat(raw.expectClosed(Duration.ofSeconds(2))).isEmpty();
        }
    }

    /** [MQTT-3.1.0-2] (3.1.1): a second CONNECT is a protocol violation: the connection closes. */
    @Test
    void secondConnectClosesV311_MQTT_3_1_0_2() throws Exception {
        byte[] c = connect(V311).clientId("twice").build();
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), c)) {
            raw.send(c);
            assertThat(raw.expectClosed()).isEmpty();
        }
    }

    /** [MQTT-3.1.0-2] (5.0): a second CONNECT gets DISCONNECT 0x82 Protocol Error, then the close. */
    @Test
    void secondConnectGetsV5Disconnect0x82_MQTT_3_1_0_2() throws Exception {
        byte[] c = connect(V5).clientId("twice5").build();
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), c)) {
            raw.send(c);
            List<Frame> frames = raw.expectClosed();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).type()).isEqualTo(DISCONNECT);
            assertThat(frames.get(0).disconnectReason()).isEqualTo(0x82);
        }
    }

    /** Packets sent right behind CONNECT (before CONNACK arrives) are processed in order, not lost. */
    @Test
    void packetsPipelinedBehindConnectAreProcessed() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(RawMqttClient.concat(connect(V311).clientId("pipe").build(),
                    RawMqttClient.subscribe(false, 7, "pipe/t", 1), RawMqttClient.publishV3("pipe/t", 1, 8, "p")));
            assertThat(raw.expect(CONNACK).connackCode()).isZero();
            assertThat(raw.expect(RawMqttClient.SUBACK).packetId()).isEqualTo(7);
            // PUBACK for our publish and the delivered PUBLISH, in either order
            Frame a = raw.read();
            Frame b = raw.read();
            assertThat(List.of(a.type(), b.type())).containsExactlyInAnyOrder(RawMqttClient.PUBACK, RawMqttClient.PUBLISH);
        }
    }

    static void closeQuietly(MqttClient paho) {
        try {
            if (paho.isConnected()) {
                paho.disconnectForcibly(0, 1000);
            }
        } catch (Exception ignored) {
            // closing anyway
        }
        try {
            paho.close(true);
        } catch (Exception ignored) {
            // best effort
        }
    }

    static void disconnectQuietly(Mqtt5BlockingClient c) {
        try {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
