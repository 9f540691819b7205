package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.PUBACK;
import static io.wrenmq.broker.it.RawMqttClient.PUBCOMP;
import static io.wrenmq.broker.it.RawMqttClient.PUBLISH;
import static io.wrenmq.broker.it.RawMqttClient.PUBREC;
import static io.wrenmq.broker.it.RawMqttClient.PUBREL;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.Pub;
import io.wrenmq.broker.session.QueueDropPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Session state across connections: persistence, expiry, offline queue, in-flight redelivery. */
@Timeout(30)
class SessionTest {

    /** Publishes from a short-lived raw v5 client and waits for the broker's acknowledgement (or a PINGRESP for QoS 0). */
    static void publish(TestBroker b, String topic, int qos, String payload, RawMqttClient.PropsBuilder props)
            throws Exception {
        try (RawMqttClient p = RawMqttClient.connected(b.port(), connect(V5).clientId("").build())) {
            p.send(RawMqttClient.publish(topic, qos, false, false, qos == 0 ? 0 : 1,
                    props == null ? RawMqttClient.props() : props, payload.getBytes(StandardCharsets.UTF_8)));
            if (qos == 1) {
                p.expect(PUBACK);
            } else if (qos == 2) {
                p.expect(PUBREC);
                p.send(RawMqttClient.ack(PUBREL, 1));
                p.expect(PUBCOMP);
            } else {
                p.send(RawMqttClient.pingreq());
                p.expect(RawMqttClient.PINGRESP);
            }
            p.send(RawMqttClient.disconnect());
        }
    }

    // ---- v3 persistent sessions ----

    /**
     * [MQTT-3.1.2-4] [MQTT-3.1.2-5] (3.1.1): with Clean Session 0 the subscription survives the disconnect,
     * QoS 1 and 2 messages published meanwhile are stored and delivered on reconnect; QoS 0 is not stored.
     */
    @ParameterizedTest
    @ValueSource(ints = {MqttConnectOptions.MQTT_VERSION_3_1, MqttConnectOptions.MQTT_VERSION_3_1_1})
    void v3PersistentSessionKeepsSubscriptionAndQueuesQos1And2_MQTT_3_1_2_4_and_5(int pahoVersion) throws Exception {
        try (TestBroker b = TestBroker.start()) {
            MqttClient paho = new MqttClient(b.uri(), "persist3", new MemoryPersistence());
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            paho.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    got.add(new String(m.getPayload(), StandardCharsets.UTF_8) + "@" + m.getQos());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            try {
                MqttConnectOptions o = new MqttConnectOptions();
                o.setMqttVersion(pahoVersion);
                o.setCleanSession(false);
                paho.connect(o);
                paho.subscribe("p3/#", 2);
                paho.disconnect();

                publish(b, "p3/a", 0, "m0", null);
                publish(b, "p3/a", 1, "m1", null);
                publish(b, "p3/a", 2, "m2", null);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> b.broker().sessions().get("persist3").queuedCount() == 2);

                // MQTT 3.1 has no Session Present flag
                assertThat(paho.connectWithResult(o).getSessionPresent())
                        .isEqualTo(pahoVersion == MqttConnectOptions.MQTT_VERSION_3_1_1);
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("m1@1"); // m0 (QoS 0) was not stored
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("m2@2");
                // the subscription is live again, without re-subscribing
                publish(b, "p3/b", 1, "live", null);
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("live@1");
                assertThat(got).isEmpty();
                paho.disconnect();
            } finally {
                ConnectTest.closeQuietly(paho);
            }
        }
    }

    // ---- v5 session expiry ----

    /** [MQTT-3.1.2-23] (5.0): Session Expiry Interval 0 ends the session with the connection. */
    @Test
    void v5SessionExpiryZeroEndsSessionAtDisconnect_MQTT_3_1_2_23() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("exp0").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            try {
                c.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
                c.subscribeWith().topicFilter("e0/#").qos(MqttQos.AT_LEAST_ONCE).send();
                c.disconnect();
                await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().sessions().get("exp0") == null);
                publish(b, "e0/a", 1, "lost", null);
                assertThat(c.connectWith().cleanStart(false).sessionExpiryInterval(60).send().isSessionPresent())
                        .isFalse();
                try (Mqtt5BlockingClient.Mqtt5Publishes pubs = c.publishes(MqttGlobalPublishFilter.ALL)) {
                    assertThat(pubs.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
                }
            } finally {
                ConnectTest.disconnectQuietly(c);
            }
        }
    }

    /**
     * [MQTT-3.1.2-23] (5.0): with Session Expiry Interval 1 s the session (subscription and queued messages) is
     * kept after the disconnect, and is gone once the interval has passed.
     */
    @Test
    void v5SessionKeptForExpiryIntervalThenGone_MQTT_3_1_2_23() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("exp1").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            try {
                c.connectWith().cleanStart(true).sessionExpiryInterval(1).send();
                c.subscribeWith().topicFilter("e1/#").qos(MqttQos.AT_LEAST_ONCE).send();
                c.disconnect();
                publish(b, "e1/a", 1, "kept", null);
                try (Mqtt5BlockingClient.Mqtt5Publishes pubs = c.publishes(MqttGlobalPublishFilter.ALL)) {
                    assertThat(c.connectWith().cleanStart(false).sessionExpiryInterval(1).send().isSessionPresent())
                            .isTrue();
                    assertThat(pubs.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())
                            .isEqualTo("kept".getBytes(StandardCharsets.UTF_8));
                }
                c.disconnect();
                long t0 = System.nanoTime();
                assertThat(b.broker().sessions().get("exp1")).isNotNull();
                await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                        .until(() -> b.broker().sessions().get("exp1") == null);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThan(700L);
                publish(b, "e1/a", 1, "after expiry", null);
                assertThat(c.connectWith().cleanStart(false).send().isSessionPresent()).isFalse();
                try (Mqtt5BlockingClient.Mqtt5Publishes pubs = c.publishes(MqttGlobalPublishFilter.ALL)) {
                    assertThat(pubs.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
                }
            } finally {
                ConnectTest.disconnectQuietly(c);
            }
        }
    }

    /**
     * maxSessionExpiryInterval caps what the client asked for; the CONNACK tells the v5 client the value it got
     * (Session Expiry Interval property, section 3.2.2.3.2), and the session expires after the capped interval.
     */
    @Test
    void sessionExpiryCappedByServerAndReportedInConnack() throws Exception {
        try (TestBroker b = TestBroker.start(cfg -> cfg.maxSessionExpiryInterval(1))) {
            try (RawMqttClient c = RawMqttClient.open(b.port())) {
                c.send(connect(V5).clientId("capped").sessionExpiry(3600).build());
                assertThat(c.expect(CONNACK).connackProperties().getLong(0x11)).isEqualTo(1L);
                c.subscribeAndAwait(true, 1, "cap", 1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().sessions().get("capped") == null);
        }
    }

    /** [MQTT-3.14.2-2] is allowed direction: a DISCONNECT may shorten a non-zero expiry to 0, ending the session. */
    @Test
    void disconnectCanSetSessionExpiryToZero() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            try (RawMqttClient c = RawMqttClient.connected(b.port(), connect(V5).clientId("dz").sessionExpiry(60).build())) {
                c.subscribeAndAwait(true, 1, "dz", 1);
                c.send(RawMqttClient.disconnectV5(0, RawMqttClient.props().u32(0x11, 0)));
                c.expectClosed();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().sessions().get("dz") == null);
        }
    }

    /** [MQTT-3.14.2-2]: expiry 0 at CONNECT and non-zero on DISCONNECT is a Protocol Error (DISCONNECT 0x82). */
    @Test
    void disconnectCannotRaiseZeroSessionExpiry_MQTT_3_14_2_2() throws Exception {
        try (TestBroker b = TestBroker.start();
                RawMqttClient c = RawMqttClient.connected(b.port(), connect(V5).clientId("dnz").build())) {
            c.send(RawMqttClient.disconnectV5(0, RawMqttClient.props().u32(0x11, 60)));
            List<Frame> frames = c.expectClosed();
            assertThat(frames).singleElement().satisfies(f -> assertThat(f.disconnectReason()).isEqualTo(0x82));
        }
    }

    // ---- the offline queue ----

    /** The offline queue holds at most maxMqueueLen messages; the policy decides which are dropped, every drop is counted. */
    @ParameterizedTest
    @EnumSource(QueueDropPolicy.class)
    void offlineQueueIsBoundedAndDropsPerPolicy(QueueDropPolicy policy) throws Exception {
        try (TestBroker b = TestBroker.start(cfg -> cfg.maxMqueueLen(3).mqueueDropPolicy(policy))) {
            byte[] conn = connect(V5).clientId("q").clean(false).sessionExpiry(60).build();
            try (RawMqttClient c = RawMqttClient.connected(b.port(), conn)) {
                c.subscribeAndAwait(true, 1, "q/#", 1);
                c.send(RawMqttClient.disconnect());
                c.expectClosed();
            }
            for (int i = 0; i < 5; i++) {
                publish(b, "q/t", 1, "m" + i, null);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> b.broker().metrics().messagesDroppedQueueFull.sum() == 2);
            assertThat(b.broker().sessions().get("q").queuedCount()).isEqualTo(3);
            try (RawMqttClient c = RawMqttClient.open(b.port())) {
                c.send(conn);
                assertThat(c.expect(CONNACK).sessionPresent()).isTrue();
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Pub p = c.expect(PUBLISH).publish(true);
                    got.add(p.payloadString());
                    c.send(RawMqttClient.ack(PUBACK, p.packetId()));
                }
                assertThat(got).containsExactlyElementsOf(policy == QueueDropPolicy.DROP_NEWEST
                        ? List.of("m0", "m1", "m2") : List.of("m2", "m3", "m4"));
                c.expectSilence(Duration.ofMillis(300));
            }
            assertThat(b.broker().metrics().messagesDroppedQueueFull.sum()).isEqualTo(2);
        }
    }

    /**
     * [MQTT-3.3.2-5]: a message whose Message Expiry Interval passed while queued is not delivered;
     * [MQTT-3.3.2-6]: the one still valid carries the remaining interval, not the original.
     */
    @Test
    void messageExpiryHonouredWhileQueued_MQTT_3_3_2_5_and_6() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            byte[] conn = connect(V5).clientId("mx").clean(false).sessionExpiry(60).build();
            try (RawMqttClient c = RawMqttClient.connected(b.port(), conn)) {
                c.subscribeAndAwait(true, 1, "mx/#", 1);
            } // dropped without DISCONNECT: the session stays (expiry 60)
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.broker().sessions().get("mx").isOnline());
            publish(b, "mx/a", 1, "short", RawMqttClient.props().u32(0x02, 1));
            publish(b, "mx/a", 1, "long", RawMqttClient.props().u32(0x02, 100));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().sessions().get("mx").queuedCount() == 2);
            long expiredBefore = b.broker().metrics().messagesDroppedExpired.sum();
            Thread.sleep(1200); // let the 1 s interval pass (proves a negative: the message must not come)
            try (RawMqttClient c = RawMqttClient.open(b.port())) {
                c.send(conn);
                assertThat(c.expect(CONNACK).sessionPresent()).isTrue();
                Pub p = c.expect(PUBLISH).publish(true);
                assertThat(p.payloadString()).isEqualTo("long");
                assertThat(p.props().getLong(0x02)).isBetween(90L, 99L);
                c.send(RawMqttClient.ack(PUBACK, p.packetId()));
                c.expectSilence(Duration.ofMillis(300));
            }
            assertThat(b.broker().metrics().messagesDroppedExpired.sum()).isEqualTo(expiredBefore + 1);
        }
    }

    /** QoS 0 messages are queued for an offline session only with mqueueStoreQos0. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void qos0QueuedOfflineOnlyWhenConfigured(boolean storeQos0) throws Exception {
        try (TestBroker b = TestBroker.start(cfg -> cfg.mqueueStoreQos0(storeQos0))) {
            byte[] conn = connect(V5).clientId("q0").clean(false).sessionExpiry(60).build();
            try (RawMqttClient c = RawMqttClient.connected(b.port(), conn)) {
                c.subscribeAndAwait(true, 1, "q0/#", 0);
            }
            // Publish only once the broker has seen the socket close: before that the session is still online and a
            // message would go to the dying connection instead of the queue.
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.broker().sessions().get("q0").isOnline());
            publish(b, "q0/a", 0, "zero", null);
            publish(b, "q0/a", 1, "one", null); // a QoS 1 publish downgraded to the granted QoS 0
            try (RawMqttClient c = RawMqttClient.open(b.port())) {
                c.send(conn);
                assertThat(c.expect(CONNACK).sessionPresent()).isTrue();
                if (storeQos0) {
                    assertThat(c.expect(PUBLISH).publish(true).payloadString()).isEqualTo("zero");
                    assertThat(c.expect(PUBLISH).publish(true).payloadString()).isEqualTo("one");
                }
                c.expectSilence(Duration.ofMillis(500));
            }
        }
    }

    // ---- in-flight redelivery ----

    /**
     * [MQTT-4.4.0-1]: an unacknowledged QoS 1 PUBLISH is resent on reconnect (Clean Start 0) with DUP 1 and the
     * same packet id; v5 and 3.1.1.
     */
    @ParameterizedTest
    @ValueSource(ints = {V311, V5})
    void unackedQos1RedeliveredWithDupOnReconnect_MQTT_4_4_0_1(int level) throws Exception {
        boolean v5 = level == V5;
        try (TestBroker b = TestBroker.start()) {
            byte[] conn = connect(level).clientId("dup" + level).clean(false).sessionExpiry(60).build();
            if (!v5) {
                conn = connect(level).clientId("dup" + level).clean(false).build();
            }
            int packetId;
            try (RawMqttClient c = RawMqttClient.connected(b.port(), conn)) {
                c.subscribeAndAwait(v5, 1, "dup/#", 1);
                publish(b, "dup/a", 1, "once", null);
                Pub p = c.expect(PUBLISH).publish(v5);
                assertThat(p.dup()).isFalse();
                packetId = p.packetId();
            } // no PUBACK: the socket just goes
            try (RawMqttClient c = RawMqttClient.open(b.port())) {
                c.send(conn);
                assertThat(c.expect(CONNACK).sessionPresent()).isTrue();
                Pub p = c.expect(PUBLISH).publish(v5);
                assertThat(p.dup()).isTrue();
                assertThat(p.packetId()).isEqualTo(packetId);
                assertThat(p.qos()).isEqualTo(1);
                assertThat(p.payloadString()).isEqualTo("once");
                c.send(RawMqttClient.ack(PUBACK, packetId));
                c.expectSilence(Duration.ofMillis(300));
            }
            // acknowledged now: a third connection gets nothing
            try (RawMqttClient c = RawMqttClient.open(b.port())) {
                c.send(conn);
                assertThat(c.expect(CONNACK).sessionPresent()).isTrue();
                c.expectSilence(Duration.ofMillis(300));
            }
        }
    }

    /** [MQTT-4.4.0-1]: QoS 2: an unacknowledged PUBLISH is resent with DUP; after PUBREC it is the PUBREL that is resent. */
    @Test
    void qos2FlowResumedOnReconnect_MQTT_4_4_0_1() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            byte[] conn = connect(V5).clientId("dup2").clean(false).sessionExpiry(60).build();
            int packetId;
            try (RawMqttClient c = RawMqttClient.connected(b.port(), conn)) {
                c.subscribeAndAwait(true, 1, "d2/#", 2);
                publish(b, "d2/a", 2, "two", null);
                packetId = c.expect(PUBLISH).publish(true).packetId();
            }
            try (RawMqttClient c = RawMqttClient.open(b.port())) {
                c.send(conn);
                c.expect(CONNACK);
                Pub p = c.expect(PUBLISH).publish(true);
                assertThat(p.dup()).isTrue();
                assertThat(p.packetId()).isEqualTo(packetId);
                c.send(RawMqttClient.ack(PUBREC, packetId));
                assertThat(c.expect(PUBREL).packetId()).isEqualTo(packetId);
            } // PUBREL not completed
            try (RawMqttClient c = RawMqttClient.open(b.port())) {
                c.send(conn);
                c.expect(CONNACK);
                Frame f = c.read();
                assertThat(f.type()).isEqualTo(PUBREL); // not the PUBLISH again
                assertThat(f.packetId()).isEqualTo(packetId);
                c.send(RawMqttClient.ack(PUBCOMP, packetId));
                c.expectSilence(Duration.ofMillis(300));
            }
        }
    }

    /** v3 only: retry_interval resends an unacknowledged QoS 1 PUBLISH within the connection, with DUP and the same id. */
    @Test
    void v3RetryIntervalResendsWithinConnection() throws Exception {
        try (TestBroker b = TestBroker.start(cfg -> cfg.retryInterval(Duration.ofSeconds(1)));
                RawMqttClient c = RawMqttClient.connected(b.port(), connect(V311).clientId("retry").build())) {
            c.subscribeAndAwait(false, 1, "r/#", 1);
            publish(b, "r/a", 1, "again", null);
            Pub first = c.expect(PUBLISH).publish(false);
            long t0 = System.nanoTime();
            Pub again = c.read(Duration.ofSeconds(4)).publish(false);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).isBetween(700L, 3500L);
            assertThat(again.dup()).isTrue();
            assertThat(again.packetId()).isEqualTo(first.packetId());
            c.send(RawMqttClient.ack(PUBACK, first.packetId()));
            c.expectSilence(Duration.ofMillis(1300)); // acknowledged: no more resends
        }
    }

    /** [MQTT-4.4.0-1] (5.0): no resend within a connection, even with retry_interval set. */
    @Test
    void v5NeverResendsWithinConnection_MQTT_4_4_0_1() throws Exception {
        try (TestBroker b = TestBroker.start(cfg -> cfg.retryInterval(Duration.ofMillis(300)));
                RawMqttClient c = RawMqttClient.connected(b.port(), connect(V5).clientId("noretry").build())) {
            c.subscribeAndAwait(true, 1, "nr/#", 1);
            publish(b, "nr/a", 1, "once", null);
            c.expect(PUBLISH);
            c.expectSilence(Duration.ofMillis(1200));
        }
    }
}
