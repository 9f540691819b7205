package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.DISCONNECT;
import static io.wrenmq.broker.it.RawMqttClient.PUBLISH;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Session takeover: a second connection with the same client id replaces the first [MQTT-3.1.4-3]. */
@Timeout(30)
class TakeoverTest {
    private TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** [MQTT-3.1.4-3]: the HiveMQ v5 client that is replaced sees DISCONNECT 0x8E Session taken over. */
    @Test
    void oldV5ClientGetsSessionTakenOver_MQTT_3_1_4_3() throws Exception {
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        Mqtt5BlockingClient first = Mqtt5Client.builder().identifier("dup").serverHost(broker.host())
                .serverPort(broker.port()).addDisconnectedListener(ctx -> cause.complete(ctx.getCause()))
                .buildBlocking();
        Mqtt5BlockingClient second = Mqtt5Client.builder().identifier("dup").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        try {
            first.connect();
            second.connect();
            Throwable t = cause.get(5, TimeUnit.SECONDS);
            assertThat(t).isInstanceOf(Mqtt5DisconnectException.class);
            assertThat(((Mqtt5DisconnectException) t).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.getState().isConnected());
            assertThat(second.getState().isConnected()).isTrue();
            // the new connection works
            second.subscribeWith().topicFilter("t/o").send();
            assertThat(broker.broker().metrics().clientsConnected.get()).isEqualTo(1);
        } finally {
            ConnectTest.disconnectQuietly(first);
            ConnectTest.disconnectQuietly(second);
        }
        // the taken-over connection was counted out exactly once
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().metrics().clientsConnected.get() == 0
                && broker.broker().metrics().connectionsOpen.get() == 0);
    }

    /**
     * [MQTT-3.1.4-3] on the wire: DISCONNECT 0x8E then close for the old socket; the new one resumes the session
     * (Session Present 1 [MQTT-3.2.2-2]) and receives on the old subscription.
     */
    @Test
    void rawV5TakeoverResumesSession_MQTT_3_1_4_3() throws Exception {
        byte[] c = connect(V5).clientId("raw5").clean(false).sessionExpiry(60).build();
        try (RawMqttClient old = RawMqttClient.connected(broker.port(), c)) {
            old.subscribeAndAwait(true, 1, "take/#", 1);
            try (RawMqttClient now = RawMqttClient.open(broker.port())) {
                now.send(c);
                Frame ack = now.expect(CONNACK);
                assertThat(ack.connackCode()).isZero();
                assertThat(ack.sessionPresent()).isTrue();
                List<Frame> frames = old.expectClosed();
                assertThat(frames).singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(DISCONNECT);
                    assertThat(f.disconnectReason()).isEqualTo(0x8E);
                });
                try (RawMqttClient pub = RawMqttClient.connected(broker.port(), connect(V5).clientId("p").build())) {
                    pub.send(RawMqttClient.publishV5("take/over", 0, 0, "hi"));
                }
                assertThat(now.expect(PUBLISH).publish(true).payloadString()).isEqualTo("hi");
            }
        }
    }

    /** [MQTT-3.1.4-3] (3.1.1: MQTT-3.1.4-2): the old v3.1.1 connection is closed without a packet. */
    @Test
    void rawV311TakeoverClosesOldConnection_MQTT_3_1_4_3() throws Exception {
        byte[] c = connect(V311).clientId("raw3").clean(false).build();
        try (RawMqttClient old = RawMqttClient.connected(broker.port(), c);
                RawMqttClient now = RawMqttClient.open(broker.port())) {
            now.send(c);
            assertThat(now.expect(CONNACK).connackCode()).isZero();
            assertThat(old.expectClosed()).isEmpty();
        }
    }

    /** Paho v3 sees connectionLost when another Paho client takes its client id over. */
    @Test
    void pahoV3OldClientLosesConnection_MQTT_3_1_4_3() throws Exception {
        MqttClient a = new MqttClient(broker.uri(), "paho-dup", new MemoryPersistence());
        MqttClient b = new MqttClient(broker.uri(), "paho-dup", new MemoryPersistence());
        CompletableFuture<Throwable> lost = new CompletableFuture<>();
        a.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        try {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            a.connect(o);
            b.connect(o);
            assertThat(lost.get(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(b.isConnected()).isTrue();
            b.publish("x", new byte[] {1}, 1, false);
        } finally {
            ConnectTest.closeQuietly(a);
            ConnectTest.closeQuietly(b);
        }
    }

    /** A takeover with Clean Start 1 discards the old session: Session Present 0, old subscription gone. */
    @Test
    void takeoverWithCleanStartDiscardsSession_MQTT_3_1_2_4() throws Exception {
        byte[] persistent = connect(V5).clientId("cs").clean(false).sessionExpiry(60).build();
        try (RawMqttClient old = RawMqttClient.connected(broker.port(), persistent)) {
            old.subscribeAndAwait(true, 1, "cs/#", 1);
            try (RawMqttClient now = RawMqttClient.open(broker.port())) {
                now.send(connect(V5).clientId("cs").clean(true).sessionExpiry(60).build());
                assertThat(now.expect(CONNACK).sessionPresent()).isFalse();
                old.expectClosed();
                try (RawMqttClient pub = RawMqttClient.connected(broker.port(), connect(V5).clientId("p2").build())) {
                    pub.send(RawMqttClient.publishV5("cs/x", 0, 0, "gone"));
                    pub.send(RawMqttClient.pingreq());
                    pub.expect(RawMqttClient.PINGRESP);
                }
                now.expectSilence(Duration.ofMillis(500));
            }
        }
    }
}
