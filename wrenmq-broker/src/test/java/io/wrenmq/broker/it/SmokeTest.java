package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SmokeTest {
    @Test
    void publishAndReceiveAllQos() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("sub").serverHost(broker.host())
                    .serverPort(broker.port()).buildBlocking();
            sub.connect();
            Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
            sub.subscribeWith().topicFilter("a/#").qos(MqttQos.EXACTLY_ONCE).send();
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("pub").serverHost(broker.host())
                    .serverPort(broker.port()).buildBlocking();
            pub.connect();
            for (MqttQos q : MqttQos.values()) {
                pub.publishWith().topic("a/b").qos(q).payload(("m" + q.getCode()).getBytes(StandardCharsets.UTF_8)).send();
                Mqtt5Publish m = publishes.receive(5, TimeUnit.SECONDS).orElseThrow();
                assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + q.getCode());
                assertThat(m.getQos()).isEqualTo(q);
            }
            pub.disconnect();
            sub.disconnect();
        }
    }
}
