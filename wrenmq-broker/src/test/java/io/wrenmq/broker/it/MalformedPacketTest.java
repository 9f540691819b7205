package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.DISCONNECT;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static io.wrenmq.broker.it.RawMqttClient.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.Packet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of malformed and out-of-order input against one live broker. Each case is answered the way the
 * spec asks: a v5 client gets a CONNACK (before a session) or DISCONNECT (after) with the reason code, then
 * the close [MQTT-4.13.1-1]; a v3 client is just disconnected [MQTT-4.8.0-1 (3.1.1)]. After every case a
 * separate well-behaved client still publishes and receives on the same broker.
 */
@Timeout(20)
class MalformedPacketTest {
    private static final int MAX_PACKET = 200;
    private static final int NONE = -1; // plain close, no packet
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> c.maxPacketSize(MAX_PACKET));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /**
     * One case: the protocol level, whether a valid CONNECT goes first, the bytes, whether we half-close
     * after them, the packet type expected before the close (CONNACK/DISCONNECT, or NONE) and its code.
     */
    record Case(String name, int level, boolean connectFirst, byte[] bytes, boolean halfClose, int answerType,
            int code) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case closes(String name, int level, boolean connectFirst, byte[] bytes) {
        return new Case(name, level, connectFirst, bytes, false, NONE, 0);
    }

    /** v3: closed; v5: DISCONNECT {@code v5Reason}. */
    private static List<Case> afterConnect(String name, byte[] v3Bytes, byte[] v5Bytes, int v5Reason) {
        List<Case> l = new ArrayList<>();
        if (v3Bytes != null) {
            l.add(closes("v3.1.1 " + name, V311, true, v3Bytes));
        }
        if (v5Bytes != null) {
            l.add(new Case("v5 " + name, V5, true, v5Bytes, false, DISCONNECT, v5Reason));
        }
        return l;
    }

    static Stream<Arguments> corpus() {
        List<Case> c = new ArrayList<>();
        byte[] big = new byte[MAX_PACKET + 50];
        // ---- before / in CONNECT ----
        byte[] fullConnect = connect(V311).clientId("trunc").build();
        c.add(new Case("truncated CONNECT then client close", V311, false,
                java.util.Arrays.copyOf(fullConnect, 6), true, NONE, 0));
        c.add(closes("remaining length of 5 bytes before CONNECT [MQTT-1.5.5-1]", V311, false,
                hex("10 ff ff ff ff 7f")));
        c.add(closes("PUBLISH before CONNECT [MQTT-3.1.0-1]", V311, false, hex("30 03 00 01 61")));
        c.add(closes("SUBSCRIBE before CONNECT [MQTT-3.1.0-1]", V311, false, hex("82 06 00 01 00 01 61 00")));
        c.add(closes("v3.1.1 CONNECT reserved flag [MQTT-3.1.2-3]", V311, false,
                connect(V311).clientId("rf").extraFlags(0x01).build()));
        c.add(new Case("v5 CONNECT reserved flag [MQTT-3.1.2-3]", V5, false,
                connect(V5).clientId("rf5").extraFlags(0x01).build(), false, CONNACK, 0x81));
        c.add(closes("v3.1.1 U+0000 in client id [MQTT-1.5.4-2]", V311, false, connect(V311).clientId("a\u0000b").build()));
        c.add(new Case("v5 U+0000 in client id [MQTT-1.5.4-2]", V5, false, connect(V5).clientId("a\u0000b").build(),
                false, CONNACK, 0x81));
        c.add(closes("v3.1.1 invalid UTF-8 in client id [MQTT-1.5.4-1]", V311, false,
                new Packet(0x10).str("MQTT").u8(4).u8(2).u16(60).u16(2).u8(0xC0).u8(0xAF).build()));
        c.add(closes("v3.1.1 will QoS 3 [MQTT-3.1.2-14]", V311, false,
                connect(V311).clientId("wq3").will(RawMqttClient.WillSpec.of("w", "x", 3, false)).build()));
        c.add(new Case("v5 will QoS 3 [MQTT-3.1.2-12]", V5, false,
                connect(V5).clientId("wq3").will(RawMqttClient.WillSpec.of("w", "x", 3, false)).build(), false,
                CONNACK, 0x81));
        c.add(new Case("v5 CONNECT duplicate Session Expiry Interval [MQTT-3.1.2-?, 2.2.2.2]", V5, false,
                connect(V5).clientId("dupprop").props(RawMqttClient.props().u32(0x11, 10).u32(0x11, 20)).build(),
                false, CONNACK, 0x82));
        c.add(closes("oversize CONNECT (maxPacketSize)", V5, false, connect(V5).clientId(new String(big, StandardCharsets.ISO_8859_1)
                .replace('\0', 'x')).build()));
        // ---- after CONNECT ----
        c.add(new Case("v3.1.1 truncated PUBLISH then client close", V311, true, hex("30 0a 00 03 61 2f"), true, NONE, 0));
        c.add(new Case("v5 truncated PUBLISH then client close", V5, true, hex("30 0a 00 03 61 2f"), true, NONE, 0));
        c.addAll(afterConnect("remaining length of 5 bytes [MQTT-1.5.5-1]", hex("30 ff ff ff ff 7f"),
                hex("30 ff ff ff ff 7f"), 0x81));
        c.addAll(afterConnect("SUBSCRIBE reserved flags 0000 [MQTT-3.8.1-1]", hex("80 06 00 01 00 01 61 00"),
                hex("80 07 00 01 00 00 01 61 00"), 0x81));
        c.addAll(afterConnect("PUBREL reserved flags 0000 [MQTT-3.6.1-1]", hex("60 02 00 01"), hex("60 02 00 01"), 0x81));
        c.addAll(afterConnect("invalid UTF-8 in topic [MQTT-1.5.4-1]", hex("30 05 00 02 c0 af 78"),
                hex("30 06 00 02 c0 af 00 78"), 0x81));
        c.addAll(afterConnect("U+0000 in topic [MQTT-1.5.4-2]", hex("30 05 00 02 61 00 78"),
                hex("30 06 00 02 61 00 00 78"), 0x81));
        c.addAll(afterConnect("PUBLISH QoS 3 [MQTT-3.3.1-4]", hex("36 05 00 01 61 00 01"),
                hex("36 06 00 01 61 00 01 00"), 0x81));
        c.addAll(afterConnect("oversize PUBLISH [MQTT-3.1.2-24 server side]",
                RawMqttClient.publish("big", 0, false, false, 0, null, big),
                RawMqttClient.publish("big", 0, false, false, 0, RawMqttClient.props(), big), 0x95));
        c.addAll(afterConnect("second CONNECT [MQTT-3.1.0-2]", connect(V311).clientId("again").build(),
                connect(V5).clientId("again").build(), 0x82));
        // 0x84 Unsupported Protocol Version is a CONNACK code only: a second CONNECT is a Protocol Error whatever its level
        c.addAll(afterConnect("second CONNECT with an unknown level [MQTT-3.1.0-2]",
                new Packet(0x10).str("MQTT").u8(6).u8(2).u16(60).str("again").build(),
                new Packet(0x10).str("MQIsdp").u8(5).u8(2).u16(60).u8(0).str("again").build(), 0x82));
        c.addAll(afterConnect("SUBSCRIBE without topic filters [MQTT-3.8.3-3 (3.1.1), MQTT-3.8.3-2]",
                hex("82 02 00 01"), hex("82 03 00 01 00"), 0x82));
        c.addAll(afterConnect("QoS 1 PUBLISH with packet id 0 [MQTT-2.2.1-3]", hex("32 06 00 01 61 00 00 78"),
                hex("32 07 00 01 61 00 00 00 78"), 0x82));
        c.addAll(afterConnect("wildcard in a PUBLISH topic [MQTT-3.3.2-2]", hex("30 05 00 02 61 23 78"),
                hex("30 06 00 02 61 23 00 78"), 0x90));
        c.addAll(afterConnect("reserved packet type 0 [MQTT-2.1.2]", hex("00 00"), hex("00 00"), 0x81));
        c.addAll(afterConnect("CONNACK from a client", hex("20 02 00 00"), hex("20 03 00 00 00"), 0x82));
        c.addAll(afterConnect("QoS 0 PUBLISH with DUP 1 [MQTT-3.3.1-2]", hex("38 04 00 01 61 78"),
                hex("38 05 00 01 61 00 78"), 0x81));
        c.addAll(afterConnect("PUBLISH with duplicate Payload Format Indicator [2.2.2.2]", null,
                hex("30 09 00 01 61 04 01 01 01 01 78"), 0x82));
        c.addAll(afterConnect("PUBLISH with Topic Alias 0 [MQTT-3.3.2-8]", null,
                hex("30 08 00 01 61 03 23 00 00 78"), 0x94));
        c.addAll(afterConnect("PUBLISH with unknown Topic Alias and empty topic", null,
                hex("30 06 00 00 03 23 00 05"), 0x82));
        // A property not valid for the packet type: the spec names no single code; WrenMQ (like HiveMQ) says 0x81.
        c.addAll(afterConnect("v5 PUBLISH with a CONNECT-only property [2.2.2.2]", null,
                hex("30 0a 00 01 61 05 11 00 00 00 0a 78"), 0x81));
        c.addAll(afterConnect("v5 DISCONNECT with an invalid reason code", null, hex("e0 02 03 00"), 0x81));
        return c.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void answeredThenBrokerStillServesOthers(Case k) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            if (k.connectFirst()) {
                raw.send(connect(k.level()).clientId("mal-" + IDS.incrementAndGet()).build());
                assertThat(raw.expect(CONNACK).connackCode()).isZero();
            }
            raw.send(k.bytes());
            if (k.halfClose()) {
                raw.shutdownOutput();
            }
            List<Frame> frames = raw.expectClosed();
            if (k.answerType() == NONE) {
                assertThat(frames).as("no answer, just the close").isEmpty();
            } else {
                assertThat(frames).as("one answer, then the close").hasSize(1);
                Frame f = frames.get(0);
                assertThat(f.type()).isEqualTo(k.answerType());
                int code = f.type() == CONNACK ? f.connackCode() : f.disconnectReason();
                assertThat(code).as("reason code").isEqualTo(k.code());
            }
        }
        assertBrokerServesWellBehavedClients();
    }

    private static void assertBrokerServesWellBehavedClients() throws Exception {
        String id = "probe-" + IDS.incrementAndGet();
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        try {
            c.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes pubs = c.publishes(MqttGlobalPublishFilter.ALL)) {
                c.subscribeWith().topicFilter("probe/" + id).qos(MqttQos.AT_LEAST_ONCE).send();
                c.publishWith().topic("probe/" + id).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("ok".getBytes(StandardCharsets.UTF_8)).send();
                assertThat(pubs.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())
                        .isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            ConnectTest.disconnectQuietly(c);
        }
        // and no half-dead connection is left over from the case
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().metrics().connectionsOpen.get() == 0);
    }
}
