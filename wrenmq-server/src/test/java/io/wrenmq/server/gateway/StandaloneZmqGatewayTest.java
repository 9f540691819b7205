package io.wrenmq.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.cli.CliEnvironment;
import io.wrenmq.server.cli.Lifecycle;
import io.wrenmq.server.cli.WrenmqCommand;
import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayStats.DropReason;
import io.wrenmq.server.gateway.zmq.ZmqGateway;
import io.wrenmq.server.gateway.zmq.ZmqGatewayConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway outside the broker: `wrenmq gateway zmq --conf FILE` against a running broker (NanoMQ's
 * nanomq_cli way), both directions, and the drops a standalone gateway counts while its broker is away.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StandaloneZmqGatewayTest {
    @TempDir
    Path dir;

    @Test
    void wrenmqGatewayZmqForwardsBothWaysThroughARunningBroker() throws Exception {
        try (ZmqPeer peer = new ZmqPeer(); GatewayServer broker = new GatewayServer(dir, "")) {
            Path conf = Files.writeString(dir.resolve("zmq_gateway.conf"), "gateway.mqtt {\n  address = \"mqtt-tcp://127.0.0.1:"
                    + broker.mqttPort() + "\"\n  sub_topic = \"topic/sub\"\n  forward = \"topic/pub\"\n  proto_ver = 5\n"
                    + "  keepalive = 30\n}\n" + peer.zmqBlock("sub_prefix", "pub_prefix")
                    + "http_server { port = 8082, parallel = 2, username = admin, password = public }\n");
            AtomicReference<Runnable> stop = new AtomicReference<>();
            Lifecycle lifecycle = stop::set;
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> WrenmqCommand.execute(
                    new String[] {"gateway", "zmq", "--conf", conf.toString()}, new PrintWriter(new StringWriter()),
                    new PrintWriter(err), new CliEnvironment(Map.of(), dir, lifecycle)));
            await().atMost(Duration.ofSeconds(15)).until(() -> stop.get() != null || exit.isDone());
            assertThat(exit).as(err.toString()).isNotDone();
            try {
                // It is a client of the broker, under its client id.
                assertThat(broker.ok("GET", "/clients/wrenmq-gateway-zmq", null).toString()).contains("wrenmq-gateway-zmq");
                Mqtt5BlockingClient app = broker.client("app");
                try (Mqtt5BlockingClient.Mqtt5Publishes received = app.publishes(MqttGlobalPublishFilter.ALL)) {
                    app.subscribeWith().topicFilter("topic/pub").send();
                    String[] got = new String[1];
                    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                        peer.publish("sub_prefix standalone");
                        received.receive(50, TimeUnit.MILLISECONDS)
                                .ifPresent(p -> got[0] = new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
                        return got[0] != null;
                    });
                    assertThat(got[0]).isEqualTo("sub_prefix standalone");
                }
                List<List<String>> out = new ArrayList<>();
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    app.publishWith().topic("topic/sub").payload("to zmq".getBytes(StandardCharsets.UTF_8)).send();
                    Optional.ofNullable(peer.receive()).ifPresent(out::add);
                    return !out.isEmpty();
                });
                assertThat(out.get(0)).containsExactly("pub_prefix", "to zmq");
            } finally {
                stop.get().run();
            }
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aBadFileExitsWithTheUsageCodeAndTheKey() throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "gateway.mqtt { sub_topic = \"s\", forward = \"f\" }\n"
                + "gateway.zmq { }\n");
        StringWriter err = new StringWriter();
        int code = WrenmqCommand.execute(new String[] {"gateway", "zmq", "--conf", conf.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err), new CliEnvironment(Map.of(), dir, stop -> { }));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("bad.conf:1: gateway.mqtt.address: missing");
    }

    @Test
    void whileItsBrokerIsAwayZmqMessagesAreDroppedAndCounted() throws Exception {
        try (ZmqPeer peer = new ZmqPeer()) {
            ZmqGatewayConfig config;
            ZmqGateway gateway;
            try (GatewayServer broker = new GatewayServer(dir, "")) {
                GatewayMqttConfig mqtt = new GatewayMqttConfig("127.0.0.1", broker.mqttPort(), "topic/sub",
                        MqttVersion.V3_1_1, 30, true, "", "", "topic/pub", 4, "gw-away");
                config = new ZmqGatewayConfig("zmq", true, mqtt, "tcp://127.0.0.1:" + peer.pubPort,
                        "tcp://127.0.0.1:" + peer.subPort, "", "", 100);
                gateway = new ZmqGateway(config, new RemoteMqttSide(mqtt));
                gateway.start();
            }
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.view().mqttUp());
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    peer.publish("while away");
                    return gateway.view().stats().dropped(Direction.TO_MQTT, DropReason.MQTT_UNAVAILABLE) > 0;
                });
                assertThat(gateway.view().stats().forwarded(Direction.TO_MQTT)).isZero();
            } finally {
                gateway.close();
            }
        }
    }
}
