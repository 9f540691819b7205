package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end with each client library through its own API: connect, subscribe, publish at QoS 0/1/2,
 * receive, unsubscribe, disconnect (MQTT 5 via HiveMQ and Paho v5; MQTT 3.1.1 via HiveMQ Mqtt3Client and
 * Paho v3; MQTT 3.1 via Paho v3). The QoS flows of each version are in section 4.3 [MQTT-4.3.1-1,
 * MQTT-4.3.2-1, MQTT-4.3.3-1]; UNSUBSCRIBE stops delivery [MQTT-3.10.4-1]; DISCONNECT closes cleanly.
 */
@Timeout(30)
class InteropTest {
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> { });
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @AfterEach
    void everyoneLeft() {
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().metrics().clientsConnected.get() == 0);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** HiveMQ MQTT 5 (async API). */
    @Test
    void hivemqMqtt5() throws Exception {
        Mqtt5AsyncClient sub = Mqtt5Client.builder().identifier("io-h5-sub").serverHost(broker.host())
                .serverPort(broker.port()).buildAsync();
        Mqtt5AsyncClient pub = Mqtt5Client.builder().identifier("io-h5-pub").serverHost(broker.host())
                .serverPort(broker.port()).buildAsync();
        BlockingQueue<Mqtt5Publish> got = new LinkedBlockingQueue<>();
        sub.publishes(MqttGlobalPublishFilter.ALL, got::add);
        assertThat(sub.connect().get(5, TimeUnit.SECONDS).getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(pub.connect().get(5, TimeUnit.SECONDS).getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(sub.subscribeWith().topicFilter("io/h5/#").qos(MqttQos.EXACTLY_ONCE).send()
                .get(5, TimeUnit.SECONDS).getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2);
        for (MqttQos q : MqttQos.values()) {
            pub.publishWith().topic("io/h5/" + q.getCode()).qos(q).payload(bytes("h5-" + q.getCode())).send()
                    .get(5, TimeUnit.SECONDS);
            Mqtt5Publish m = got.poll(5, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getTopic().toString()).isEqualTo("io/h5/" + q.getCode());
            assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("h5-" + q.getCode());
            assertThat(m.getQos()).isEqualTo(q);
        }
        assertThat(sub.unsubscribeWith().topicFilter("io/h5/#").send().get(5, TimeUnit.SECONDS).getReasonCodes())
                .containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS);
        var ack = pub.publishWith().topic("io/h5/after").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x")).send()
                .get(5, TimeUnit.SECONDS);
        // nobody is subscribed any more: v5 PUBACK says 0x10 No matching subscribers
        assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) ack).getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
        sub.disconnect().get(5, TimeUnit.SECONDS);
        pub.disconnect().get(5, TimeUnit.SECONDS);
    }

    /** HiveMQ Mqtt3Client (MQTT 3.1.1). */
    @Test
    void hivemqMqtt3() throws Exception {
        Mqtt3BlockingClient sub = Mqtt3Client.builder().identifier("io-h3-sub").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        Mqtt3BlockingClient pub = Mqtt3Client.builder().identifier("io-h3-pub").serverHost(broker.host())
                .serverPort(broker.port()).buildBlocking();
        assertThat(sub.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        assertThat(pub.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        try (Mqtt3BlockingClient.Mqtt3Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(sub.subscribeWith().topicFilter("io/h3/#").qos(MqttQos.EXACTLY_ONCE).send().getReturnCodes())
                    .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_2);
            for (MqttQos q : MqttQos.values()) {
                pub.publishWith().topic("io/h3/" + q.getCode()).qos(q).payload(bytes("h3-" + q.getCode())).send();
                Mqtt3Publish m = got.receive(5, TimeUnit.SECONDS).orElseThrow();
                assertThat(m.getTopic().toString()).isEqualTo("io/h3/" + q.getCode());
                assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("h3-" + q.getCode());
                assertThat(m.getQos()).isEqualTo(q);
            }
            sub.unsubscribeWith().topicFilter("io/h3/#").send();
            pub.publishWith().topic("io/h3/after").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x")).send();
            assertThat(got.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
        }
        sub.disconnect();
        pub.disconnect();
    }

    /** Eclipse Paho v3 with MQTT 3.1.1. */
    @Test
    void pahoV3Mqtt311() throws Exception {
        pahoV3(MqttConnectOptions.MQTT_VERSION_3_1_1, "p311");
    }

    /** Eclipse Paho v3 with MQTT 3.1 (protocol name MQIsdp, level 3). */
    @Test
    void pahoV3Mqtt31() throws Exception {
        pahoV3(MqttConnectOptions.MQTT_VERSION_3_1, "p31");
    }

    private void pahoV3(int version, String tag) throws Exception {
        BlockingQueue<org.eclipse.paho.client.mqttv3.MqttMessage> got = new LinkedBlockingQueue<>();
        BlockingQueue<String> topics = new LinkedBlockingQueue<>();
        org.eclipse.paho.client.mqttv3.MqttClient sub = new org.eclipse.paho.client.mqttv3.MqttClient(broker.uri(),
                "io-" + tag + "-sub", new MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttClient pub = new org.eclipse.paho.client.mqttv3.MqttClient(broker.uri(),
                "io-" + tag + "-pub", new MemoryPersistence());
        sub.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            public void connectionLost(Throwable cause) {
            }

            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                topics.add(topic);
                got.add(m);
            }

            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(version);
        o.setCleanSession(true);
        sub.connect(o);
        pub.connect(o);
        var token = sub.subscribeWithResponse("io/" + tag + "/#", 2);
        assertThat(token.getGrantedQos()).containsExactly(2);
        for (int q = 0; q <= 2; q++) {
            pub.publish("io/" + tag + "/" + q, bytes(tag + "-" + q), q, false);
            org.eclipse.paho.client.mqttv3.MqttMessage m = got.poll(5, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(topics.poll()).isEqualTo("io/" + tag + "/" + q);
            assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo(tag + "-" + q);
            assertThat(m.getQos()).isEqualTo(q);
            assertThat(m.isRetained()).isFalse();
            assertThat(m.isDuplicate()).isFalse();
        }
        sub.unsubscribe("io/" + tag + "/#");
        pub.publish("io/" + tag + "/after", bytes("x"), 1, false);
        assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
        sub.disconnect();
        pub.disconnect();
        sub.close();
        pub.close();
    }

    /** Eclipse Paho v5. */
    @Test
    void pahoV5() throws Exception {
        BlockingQueue<org.eclipse.paho.mqttv5.common.MqttMessage> got = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.client.MqttClient sub = new org.eclipse.paho.mqttv5.client.MqttClient(broker.uri(),
                "io-p5-sub", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        org.eclipse.paho.mqttv5.client.MqttClient pub = new org.eclipse.paho.mqttv5.client.MqttClient(broker.uri(),
                "io-p5-pub", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        sub.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            public void disconnected(MqttDisconnectResponse r) {
            }

            public void mqttErrorOccurred(MqttException e) {
            }

            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
                got.add(m);
            }

            public void deliveryComplete(IMqttToken t) {
            }

            public void connectComplete(boolean reconnect, String uri) {
            }

            public void authPacketArrived(int r, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        sub.connect(o);
        pub.connect(o);
        IMqttToken st = sub.subscribe("io/p5/#", 2);
        assertThat(st.getReasonCodes()).containsExactly(2);
        for (int q = 0; q <= 2; q++) {
            pub.publish("io/p5/" + q, bytes("p5-" + q), q, false);
            org.eclipse.paho.mqttv5.common.MqttMessage m = got.poll(5, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("p5-" + q);
            assertThat(m.getQos()).isEqualTo(q);
        }
        sub.unsubscribe("io/p5/#");
        pub.publish("io/p5/after", bytes("x"), 1, false);
        assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
        sub.disconnect();
        pub.disconnect();
        sub.close();
        pub.close();
    }
}
