package io.wrenmq.server.gateway.nngbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayStats.DropReason;
import io.wrenmq.server.gateway.InProcessMqttSide;
import io.wrenmq.server.gateway.nngbridge.NngGatewayConfig.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The NNG gateway's mapping and counting on a real broker (in-process side, HiveMQ clients), with a recording socket
 * in place of the NNG wire; the wire itself is tested against nngcat (NngGatewayInteropTest).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NngGatewayTest {
    private WrenBroker broker;
    private Mqtt5BlockingClient client;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private volatile boolean peerConnected = true;
    private Consumer<byte[]> deliver;

    private final NngGateway.SocketOpener opener = (config, onMessage) -> {
        deliver = onMessage;
        return new NngGateway.Socket() {
            @Override
            public boolean send(byte[] message) {
                if (peerConnected) {
                    sent.add(new String(message, StandardCharsets.UTF_8));
                }
                return peerConnected;
            }

            @Override
            public int peers() {
                return peerConnected ? 1 : 0;
            }

            @Override
            public void close() {
            }
        };
    };

    @BeforeEach
    void start() throws Exception {
        BrokerConfig config = new BrokerConfig().listeners(List.of(ListenerConfig.tcp("127.0.0.1", 0)));
        broker = new WrenBroker(config);
        broker.start();
        client = Mqtt5Client.builder().identifier("app").serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        client.connect();
    }

    @AfterEach
    void stop() {
        client.disconnect();
        broker.stop();
    }

    private NngGateway gateway(List<NngRoute> forwards, List<NngRoute> subscription, int maxInFlight) throws Exception {
        NngGatewayConfig c = new NngGatewayConfig("nng.pair.t", true, Kind.PAIR, "tcp://127.0.0.1:1", false,
                "$gateway/nng.pair.t", forwards, subscription, 1, 1 << 20, maxInFlight);
        NngGateway g = new NngGateway(c, new InProcessMqttSide(broker, c.sessionName()), opener);
        g.start();
        return g;
    }

    @Test
    void mqttMessagesGoOutFramedByTheFirstMatchingForward() throws Exception {
        NngGateway g = gateway(List.of(new NngRoute("cmd/a/#", "A", ":", 1), new NngRoute("cmd/#", "", "/", 0)), List.of(), 10);
        try {
            client.publishWith().topic("cmd/a/1").qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes(StandardCharsets.UTF_8)).send();
            client.publishWith().topic("cmd/b").payload("y".getBytes(StandardCharsets.UTF_8)).send();
            client.publishWith().topic("other").payload("z".getBytes(StandardCharsets.UTF_8)).send();
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
            assertThat(sent).containsExactly("A:x", "cmd/b/y");
            peerConnected = false;
            client.publishWith().topic("cmd/b").payload("lost".getBytes(StandardCharsets.UTF_8)).send();
            await().atMost(Duration.ofSeconds(5)).until(() -> g.view().stats().dropped(Direction.FROM_MQTT, DropReason.NO_PEER) == 1);
            assertThat(g.view().stats().forwarded(Direction.FROM_MQTT)).isEqualTo(2);
        } finally {
            g.close();
        }
    }

    @Test
    void nngMessagesArePublishedAtTheEntrysQosAndUnmappedOnesRefused() throws Exception {
        NngGateway g = gateway(List.of(), List.of(new NngRoute("", "nng/pub", ":", 1), new NngRoute("local/s", "s", "/", 0)), 10);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("#").qos(MqttQos.EXACTLY_ONCE).send();
            deliver.accept("nng/pub/123/1234:payload".getBytes(StandardCharsets.UTF_8));
            deliver.accept("s/temp 21".getBytes(StandardCharsets.UTF_8));
            deliver.accept("unmapped".getBytes(StandardCharsets.UTF_8));
            Optional<Mqtt5Publish> first = received.receive(5, TimeUnit.SECONDS);
            Optional<Mqtt5Publish> second = received.receive(5, TimeUnit.SECONDS);
            assertThat(first).isPresent();
            assertThat(first.get().getTopic().toString()).isEqualTo("nng/pub/123/1234");
            assertThat(first.get().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(new String(first.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("payload");
            assertThat(second.get().getTopic().toString()).isEqualTo("local/s");
            assertThat(new String(second.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("temp 21");
            assertThat(g.view().stats().dropped(Direction.TO_MQTT, DropReason.REFUSED)).isEqualTo(1);
            assertThat(g.view().stats().received(Direction.TO_MQTT)).isEqualTo(3);
        } finally {
            g.close();
        }
    }
}
