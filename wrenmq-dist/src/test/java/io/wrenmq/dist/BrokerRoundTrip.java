package io.wrenmq.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real MQTT 5 client (HiveMQ's) subscribes, publishes one QoS 1 message to itself and receives it. */
final class BrokerRoundTrip {
    private BrokerRoundTrip() { }

    static void publishAndReceive(int port) throws InterruptedException {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("dist-it").serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        client.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("dist/test").qos(MqttQos.AT_LEAST_ONCE).send();
            client.publishWith().topic("dist/test").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("from the release".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> received = publishes.receive(20, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("from the release");
        } finally {
            client.disconnect();
        }
    }
}
