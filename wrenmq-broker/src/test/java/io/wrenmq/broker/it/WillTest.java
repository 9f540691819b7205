package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.DISCONNECT;
import static io.wrenmq.broker.it.RawMqttClient.PUBLISH;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.Pub;
import io.wrenmq.broker.it.RawMqttClient.WillSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Will messages: when they are sent, when not, and with what QoS, retain flag and properties. */
@Timeout(30)
class WillTest {
    private TestBroker broker;
    private RawMqttClient watcher;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(c -> c.keepaliveMultiplier(1.5));
        watcher = RawMqttClient.connected(broker.port(), connect(V5).clientId("watcher").build());
        // QoS 2 and Retain As Published (0x08), so the will's own QoS and retain flag show through
        watcher.subscribeAndAwait(true, 1, "will/#", 0x08 | 2);
    }

    @AfterEach
    void stop() {
        watcher.close();
        broker.close();
    }

    private Pub awaitWill(Duration within) throws Exception {
        return watcher.read(within).publish(true);
    }

    private Pub awaitWill() throws Exception {
        return awaitWill(Duration.ofSeconds(5));
    }

    /**
     * [MQTT-3.1.2-8]: the will is published when the connection closes without DISCONNECT; its QoS
     * [MQTT-3.1.2-14..16 (3.1.1)] and retain flag [MQTT-3.1.2-17] are honoured: a later subscriber gets it retained.
     */
    @ParameterizedTest
    @ValueSource(ints = {V311, V5})
    void willQosAndRetainHonouredOnAbruptClose_MQTT_3_1_2_8_and_17(int level) throws Exception {
        RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(level).clientId("owner" + level)
                .will(WillSpec.of("will/qr" + level, "gone", 1, true)).build());
        owner.close(); // no DISCONNECT
        Pub w = awaitWill();
        assertThat(w.topic()).isEqualTo("will/qr" + level);
        assertThat(w.payloadString()).isEqualTo("gone");
        assertThat(w.qos()).isEqualTo(1);
        assertThat(w.retain()).isTrue();
        watcher.send(RawMqttClient.ack(RawMqttClient.PUBACK, w.packetId()));
        // retained: a new subscriber receives it with RETAIN 1 [MQTT-3.3.1-8 (5.0: 3.3.1-9)]
        try (RawMqttClient late = RawMqttClient.connected(broker.port(), connect(V311).clientId("late" + level).build())) {
            late.subscribeAndAwait(false, 1, "will/qr" + level, 2);
            Pub r = late.expect(PUBLISH).publish(false);
            assertThat(r.retain()).isTrue();
            assertThat(r.qos()).isEqualTo(1);
            assertThat(r.payloadString()).isEqualTo("gone");
        }
    }

    /** A QoS 0, non-retained will arrives at QoS 0 without the retain flag. */
    @Test
    void qos0WillNotRetained() throws Exception {
        RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(V311).clientId("o0")
                .will(WillSpec.of("will/q0", "x", 0, false)).build());
        owner.close();
        Pub w = awaitWill();
        assertThat(w.qos()).isZero();
        assertThat(w.retain()).isFalse();
    }

    /** Will properties (user property, content type, payload format, response topic, correlation data, expiry) pass through. */
    @Test
    void v5WillPropertiesPassedThrough() throws Exception {
        Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("wp-sub").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        try {
            sub.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes pubs = sub.publishes(MqttGlobalPublishFilter.ALL)) {
                sub.subscribeWith().topicFilter("will/props").qos(MqttQos.AT_LEAST_ONCE).send();
                RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(V5).clientId("wp")
                        .will(WillSpec.of("will/props", "{\"a\":1}", 1, false).withProps(RawMqttClient.props()
                                .u8(0x01, 1).u32(0x02, 60).str(0x03, "application/json").str(0x08, "resp/t")
                                .bin(0x09, new byte[] {7, 8}).user("k", "v").user("k", "v2")))
                        .build());
                owner.close();
                Mqtt5Publish m = pubs.receive(5, TimeUnit.SECONDS).orElseThrow();
                assertThat(m.getPayloadAsBytes()).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
                assertThat(m.getContentType().orElseThrow().toString()).isEqualTo("application/json");
                assertThat(m.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
                assertThat(m.getResponseTopic().orElseThrow().toString()).isEqualTo("resp/t");
                assertThat(m.getCorrelationData().orElseThrow().remaining()).isEqualTo(2);
                assertThat(m.getMessageExpiryInterval().orElseThrow()).isBetween(55L, 60L);
                assertThat(m.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                        .containsExactly("k=v", "k=v2"); // order kept [MQTT-3.3.2-18]
            }
        } finally {
            ConnectTest.disconnectQuietly(sub);
        }
    }

    /** Will Delay Interval: the will waits for the delay (1 s), then goes out (session expiry 60 s). */
    @Test
    void willDelayIntervalDelaysTheWill_MQTT_3_1_3_9() throws Exception {
        RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(V5).clientId("delayed").sessionExpiry(60)
                .will(WillSpec.of("will/delay", "late", 0, false).withProps(RawMqttClient.props().u32(0x18, 1))).build());
        owner.close();
        long t0 = System.nanoTime();
        watcher.expectSilence(Duration.ofMillis(600));
        Pub w = awaitWill(Duration.ofSeconds(4));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(800L, 3500L);
        assertThat(w.payloadString()).isEqualTo("late");
        assertThat(w.props().has(0x18)).isFalse(); // the delay is a CONNECT property, not a PUBLISH one
    }

    /** [MQTT-3.1.3-9]: a reconnect before the Will Delay Interval elapsed cancels the will. */
    @Test
    void reconnectBeforeWillDelayCancelsWill_MQTT_3_1_3_9() throws Exception {
        byte[] conn = connect(V5).clientId("comeback").clean(false).sessionExpiry(60)
                .will(WillSpec.of("will/cancel", "should not", 0, false).withProps(RawMqttClient.props().u32(0x18, 1)))
                .build();
        RawMqttClient.connected(broker.port(), conn).close();
        try (RawMqttClient again = RawMqttClient.open(broker.port())) {
            again.send(connect(V5).clientId("comeback").clean(false).sessionExpiry(60).build());
            assertThat(again.expect(CONNACK).sessionPresent()).isTrue();
            watcher.expectSilence(Duration.ofMillis(1500)); // past the 1 s delay: no will
            again.send(RawMqttClient.disconnectV5(0, null));
            again.expectClosed();
        }
    }

    /**
     * [MQTT-3.1.3-9] counts a new connection to <em>this</em> session; a reconnect with Clean Start 1 ends the old
     * session instead, and a session that ends publishes its pending will at once (section 3.1.3.2.2).
     */
    @Test
    void reconnectWithCleanStartEndsSessionAndSendsDelayedWill_MQTT_3_1_3_9() throws Exception {
        RawMqttClient.connected(broker.port(), connect(V5).clientId("fresh").clean(false).sessionExpiry(60)
                .will(WillSpec.of("will/fresh", "old session ended", 0, false)
                        .withProps(RawMqttClient.props().u32(0x18, 30))).build()).close();
        try (RawMqttClient again = RawMqttClient.open(broker.port())) {
            again.send(connect(V5).clientId("fresh").clean(true).sessionExpiry(60).build());
            assertThat(again.expect(CONNACK).sessionPresent()).isFalse();
            assertThat(awaitWill(Duration.ofSeconds(3)).payloadString()).isEqualTo("old session ended");
        }
    }

    /** The same when the old connection is still open: a Clean Start takeover ends its session, so its delayed will goes out. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void takeoverEndingTheSessionSendsDelayedWill_MQTT_3_1_4_3(boolean newCleanStart) throws Exception {
        // newCleanStart=false: the old connection had Session Expiry 0, so its session ends with it anyway
        long oldExpiry = newCleanStart ? 60 : 0;
        try (RawMqttClient old = RawMqttClient.connected(broker.port(), connect(V5).clientId("twin-d").clean(false)
                .sessionExpiry(oldExpiry).will(WillSpec.of("will/twin-d", "ended", 0, false)
                        .withProps(RawMqttClient.props().u32(0x18, 30))).build());
                RawMqttClient now = RawMqttClient.open(broker.port())) {
            now.send(connect(V5).clientId("twin-d").clean(newCleanStart).sessionExpiry(60).build());
            assertThat(now.expect(CONNACK).sessionPresent()).isFalse();
            old.expectClosed();
            assertThat(awaitWill(Duration.ofSeconds(3)).payloadString()).isEqualTo("ended");
        }
    }

    /** [MQTT-3.1.3-9] / [MQTT-3.1.2-8]: a will delay longer than the session expiry: the will goes out when the session ends. */
    @Test
    void willSentWhenSessionExpiresBeforeDelay_MQTT_3_1_3_9() throws Exception {
        RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(V5).clientId("shortsession").sessionExpiry(1)
                .will(WillSpec.of("will/expiry", "ended", 0, false).withProps(RawMqttClient.props().u32(0x18, 30))).build());
        owner.close();
        long t0 = System.nanoTime();
        Pub w = awaitWill(Duration.ofSeconds(4));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(700L, 3500L);
        assertThat(w.payloadString()).isEqualTo("ended");
    }

    /** [MQTT-3.14.4-3] (3.1.1) / [MQTT-3.1.2-10] (5.0): a normal DISCONNECT discards the will. */
    @ParameterizedTest
    @ValueSource(ints = {V311, V5})
    void noWillAfterNormalDisconnect_MQTT_3_14_4_3(int level) throws Exception {
        try (RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(level).clientId("polite" + level)
                .will(WillSpec.of("will/polite", "no", 1, false)).build())) {
            owner.send(level == V5 ? RawMqttClient.disconnectV5(0x00, null) : RawMqttClient.disconnect());
            assertThat(owner.expectClosed()).isEmpty(); // [MQTT-3.14.4-1]: the server closes after DISCONNECT
        }
        watcher.expectSilence(Duration.ofMillis(500));
    }

    /** Paho v3 disconnect() (a normal DISCONNECT) does not trigger its will [MQTT-3.14.4-3]. */
    @Test
    void pahoV3NormalDisconnectSendsNoWill_MQTT_3_14_4_3() throws Exception {
        MqttClient paho = new MqttClient(broker.uri(), "paho-will", new MemoryPersistence());
        try {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setWill("will/paho", "bye".getBytes(StandardCharsets.UTF_8), 1, false);
            paho.connect(o);
            paho.disconnect();
        } finally {
            ConnectTest.closeQuietly(paho);
        }
        watcher.expectSilence(Duration.ofMillis(500));
    }

    /** v5 DISCONNECT with reason 0x04 (Disconnect with Will Message) sends the will (section 3.14.2.1). */
    @Test
    void disconnectWithWillMessage0x04SendsWill() throws Exception {
        try (RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(V5).clientId("w04")
                .will(WillSpec.of("will/04", "asked", 1, false)).build())) {
            owner.send(RawMqttClient.disconnectV5(0x04, null));
            owner.expectClosed();
        }
        assertThat(awaitWill().payloadString()).isEqualTo("asked");
    }

    /** The HiveMQ client's DISCONNECT 0x04 also triggers the will, and the client sees a clean disconnect. */
    @Test
    void hiveMqDisconnectWithWillMessage() throws Exception {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("hw04").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        c.connectWith().willPublish().topic("will/hive").payload("hive".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).applyWillPublish().send();
        c.disconnectWith().reasonCode(
                com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE)
                .send();
        assertThat(awaitWill().payloadString()).isEqualTo("hive");
    }

    /** The will is sent when the broker closes the connection for a keep alive timeout [MQTT-3.1.2-8] [MQTT-3.1.2-22]. */
    @Test
    void willSentOnKeepAliveTimeout_MQTT_3_1_2_8() throws Exception {
        try (RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(V311).clientId("sleepy").keepAlive(1)
                .will(WillSpec.of("will/ka", "timeout", 0, false)).build())) {
            assertThat(awaitWill(Duration.ofSeconds(5)).payloadString()).isEqualTo("timeout");
            owner.expectClosed();
        }
    }

    /** The will is sent when the broker closes the connection for a protocol error (v5: after DISCONNECT 0x81). */
    @ParameterizedTest
    @ValueSource(ints = {V311, V5})
    void willSentOnProtocolError_MQTT_3_1_2_8(int level) throws Exception {
        try (RawMqttClient owner = RawMqttClient.connected(broker.port(), connect(level).clientId("bad" + level)
                .will(WillSpec.of("will/err", "broken" + level, 0, false)).build())) {
            owner.send(RawMqttClient.hex("36 03 00 01 61")); // PUBLISH with QoS 3 [MQTT-3.3.1-4]
            List<Frame> frames = owner.expectClosed();
            if (level == V5) {
                assertThat(frames).singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(DISCONNECT);
                    assertThat(f.disconnectReason()).isEqualTo(0x81);
                });
            } else {
                assertThat(frames).isEmpty();
            }
        }
        assertThat(awaitWill().payloadString()).isEqualTo("broken" + level);
    }

    /** A session takeover closes the old connection abnormally: its will (no delay) is sent [MQTT-3.1.4-3]. */
    @Test
    void willOfTakenOverConnectionIsSent_MQTT_3_1_4_3() throws Exception {
        try (RawMqttClient old = RawMqttClient.connected(broker.port(), connect(V5).clientId("twin")
                .will(WillSpec.of("will/twin", "replaced", 0, false)).build());
                RawMqttClient now = RawMqttClient.connected(broker.port(), connect(V5).clientId("twin").build())) {
            assertThat(old.expectClosed()).singleElement()
                    .satisfies(f -> assertThat(f.disconnectReason()).isEqualTo(0x8E));
            assertThat(awaitWill().payloadString()).isEqualTo("replaced");
        }
    }

    /** The server's DISCONNECT reason code reaches a HiveMQ v5 client: 0x9A when retain is not available [MQTT-3.2.2-14]. */
    @Test
    void serverDisconnectReasonSeenByClient() throws Exception {
        try (TestBroker noRetain = TestBroker.start(c -> c.retainAvailable(false));
                RawMqttClient c = RawMqttClient.connected(noRetain.port(), connect(V5).clientId("r").build())) {
            assertThat(c.isEof()).isFalse();
            c.send(RawMqttClient.publish("x", 0, true, false, 0, RawMqttClient.props(), new byte[] {1}));
            assertThat(c.expectClosed()).singleElement().satisfies(f -> {
                assertThat(f.type()).isEqualTo(DISCONNECT);
                assertThat(f.disconnectReason()).isEqualTo(0x9A);
            });
            CompletableFuture<Throwable> cause = new CompletableFuture<>();
            Mqtt5BlockingClient hive = Mqtt5Client.builder().identifier("hive-ka").serverHost(noRetain.host())
                    .serverPort(noRetain.port()).addDisconnectedListener(ctx -> cause.complete(ctx.getCause()))
                    .buildBlocking();
            try {
                hive.connect();
                // the HiveMQ client checks Retain Available itself, so provoke a server-side error it cannot:
                // a second client with its id takes the session over (0x8E, also in TakeoverTest)
                try (RawMqttClient twin = RawMqttClient.connected(noRetain.port(), connect(V5).clientId("hive-ka").build())) {
                    Throwable t = cause.get(5, TimeUnit.SECONDS);
                    assertThat(t).isInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException.class);
                    assertThat(((com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException) t).getMqttMessage()
                            .getReasonCode().getCode()).isEqualTo(0x8E);
                }
            } finally {
                ConnectTest.disconnectQuietly(hive);
            }
        }
    }
}
