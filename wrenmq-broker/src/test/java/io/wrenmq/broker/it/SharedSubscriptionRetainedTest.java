package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.wrenmq.broker.it.RoutingTest.Hive;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No retained messages are sent when a Shared Subscription is established (MQTT 5.0 section 4.8.2 and 3.8.4; WrenMQ
 * applies the same rule to MQTT 3.1.1 clients using {@code $share/} and {@code $queue/}), with Paho v3 and v5.
 *
 * <p>A negative without waiting: after the shared SUBSCRIBE each test subscribes a plain filter whose topic holds a
 * retained "marker". Retained messages go out right after their SUBACK, in order on the one connection, so a
 * retained message for the shared subscription would arrive before the marker: the marker coming first proves that
 * none was sent.
 */
@Timeout(30)
class SharedSubscriptionRetainedTest {
    private TestBroker broker;
    private final BlockingQueue<String> got = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        broker = TestBroker.start(c -> { });
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private void retain(String topic, String payload) {
        try (Hive pub = new Hive(broker, "retainer")) {
            pub.client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        }
    }

    private static String describe(String topic, byte[] payload, boolean retained) {
        return topic + "=" + new String(payload, StandardCharsets.UTF_8) + (retained ? " (retained)" : "");
    }

    private String next() throws InterruptedException {
        String s = got.poll(5, TimeUnit.SECONDS);
        assertThat(s).as("a message within 5 s").isNotNull();
        return s;
    }

    /** MQTT 3.1.1 with Paho v3: {@code $share/g/t} and {@code $queue/t} get no retained message; live ones arrive. */
    @Test
    void pahoV311SharedAndQueueSubscriptionsGetNoRetainedMessages() throws Exception {
        retain("s3/t", "old");
        retain("s3/marker", "marker");
        MqttClient paho = new MqttClient(broker.uri(), "s3-paho", new MemoryPersistence());
        paho.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                got.add(describe(topic, m.getPayload(), m.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        paho.connect(o);
        try {
            paho.subscribe(new String[] {"$share/g/s3/t", "$queue/s3/t"}, new int[] {1, 1});
            paho.subscribe("s3/marker", 1);
            assertThat(next()).isEqualTo("s3/marker=marker (retained)");
            try (Hive pub = new Hive(broker, "s3-pub")) {
                pub.pub("s3/t", 1, "live");
            }
            assertThat(next()).isEqualTo("s3/t=live"); // one copy per group: $share/g and $queue
            assertThat(next()).isEqualTo("s3/t=live");
            paho.disconnect();
        } finally {
            closeQuietly(paho);
        }
    }

    /**
     * MQTT 5 with Paho v5 and Retain Handling 0 (send retained messages at subscribe): a shared subscription still
     * gets none [section 4.8.2, 3.8.4], neither when it is made nor when a resumed persistent session subscribes to
     * the same shared filter again.
     */
    @Test
    void pahoV5SharedSubscriptionWithRetainHandling0GetsNoRetainedMessagesAlsoInAResumedSession() throws Exception {
        retain("s5/t", "old");
        retain("s5/marker", "marker");
        org.eclipse.paho.mqttv5.client.MqttClient paho = pahoV5("s5-paho");
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        try {
            assertThat(paho.connectWithResult(o).getSessionPresent()).isFalse();
            paho.subscribe(new MqttSubscription[] {retainHandling0("$share/g/s5/t")});
            paho.subscribe(new MqttSubscription[] {retainHandling0("s5/marker")});
            assertThat(next()).isEqualTo("s5/marker=marker (retained)");
            paho.disconnect();

            assertThat(paho.connectWithResult(o).getSessionPresent()).as("the session was resumed").isTrue();
            paho.subscribe(new MqttSubscription[] {retainHandling0("$share/g/s5/t")}); // the same filter again
            paho.subscribe(new MqttSubscription[] {retainHandling0("s5/marker")});
            assertThat(next()).isEqualTo("s5/marker=marker (retained)");
            paho.disconnect();
        } finally {
            closeQuietly(paho);
        }
    }

    /**
     * A client with a plain and a shared subscription on the same topic gets exactly one retained copy, through the
     * plain one; live messages come twice (once per subscription: the shared group is delivered separately).
     */
    @Test
    void plainAndSharedSubscriptionOnOneTopicGiveExactlyOneRetainedCopy() throws Exception {
        retain("sb/t", "old");
        retain("sb/marker", "marker");
        org.eclipse.paho.mqttv5.client.MqttClient paho = pahoV5("sb-paho");
        try {
            paho.connect();
            paho.subscribe(new MqttSubscription[] {retainHandling0("$share/g/sb/t"), retainHandling0("sb/t")});
            paho.subscribe(new MqttSubscription[] {retainHandling0("sb/marker")});
            assertThat(next()).isEqualTo("sb/t=old (retained)");
            assertThat(next()).as("no second retained copy").isEqualTo("sb/marker=marker (retained)");
            try (Hive pub = new Hive(broker, "sb-pub")) {
                pub.pub("sb/t", 1, "live");
            }
            assertThat(next()).isEqualTo("sb/t=live");
            assertThat(next()).isEqualTo("sb/t=live");
            paho.disconnect();
        } finally {
            closeQuietly(paho);
        }
    }

    /** Ends the client even when an assertion failed while it was connected (close() alone refuses then). */
    private static void closeQuietly(Object paho) {
        try {
            if (paho instanceof MqttClient v3) {
                if (v3.isConnected()) {
                    v3.disconnectForcibly(1000);
                }
                v3.close();
            } else if (paho instanceof org.eclipse.paho.mqttv5.client.MqttClient v5) {
                if (v5.isConnected()) {
                    v5.disconnectForcibly(1000);
                }
                v5.close();
            }
        } catch (Exception ignored) {
            // the test's own failure is the one to report
        }
    }

    private static MqttSubscription retainHandling0(String filter) {
        MqttSubscription s = new MqttSubscription(filter, 1);
        s.setRetainHandling(0);
        return s;
    }

    private org.eclipse.paho.mqttv5.client.MqttClient pahoV5(String clientId) throws MqttException {
        org.eclipse.paho.mqttv5.client.MqttClient paho = new org.eclipse.paho.mqttv5.client.MqttClient(broker.uri(),
                clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        paho.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                got.add(describe(topic, m.getPayload(), m.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int r, MqttProperties p) {
            }
        });
        return paho;
    }
}
