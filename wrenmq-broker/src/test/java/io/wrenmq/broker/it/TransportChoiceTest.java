package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.netty.channel.uring.IoUring;
import io.wrenmq.broker.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The experimental io_uring transport ({@code -Dwrenmq.transport=io_uring}) carries MQTT like epoll does; and
 * {@code nio} forces the portable transport (what Windows and macOS run) on Linux too.
 */
@Timeout(30)
class TransportChoiceTest {
    @AfterEach
    void reset() {
        System.clearProperty("wrenmq.transport");
    }

    @Test
    void ioUringTransportDeliversQos1() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available on this kernel: " + IoUring.unavailabilityCause());
        System.setProperty("wrenmq.transport", "io_uring");
        assertThat(Transports.name()).isEqualTo("io_uring");
        roundTrip();
    }

    @Test
    void nioCanBeForcedOnLinux() throws Exception {
        System.setProperty("wrenmq.transport", "nio");
        assertThat(Transports.name()).isEqualTo("nio");
        roundTrip();
    }

    private static void roundTrip() throws Exception {
        try (TestBroker broker = TestBroker.start(c -> { })) {
            Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("t-sub").serverHost("127.0.0.1")
                    .serverPort(broker.port()).buildBlocking();
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("t-pub").serverHost("127.0.0.1")
                    .serverPort(broker.port()).buildBlocking();
            sub.connect();
            pub.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
                sub.subscribeWith().topicFilter("t/#").qos(MqttQos.AT_LEAST_ONCE).send();
                for (int i = 0; i < 20; i++) {
                    pub.publishWith().topic("t/" + i).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
                }
                for (int i = 0; i < 20; i++) {
                    Mqtt5Publish p = publishes.receive(5, TimeUnit.SECONDS).orElseThrow();
                    assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
                }
            } finally {
                pub.disconnect();
                sub.disconnect();
            }
        }
    }
}
