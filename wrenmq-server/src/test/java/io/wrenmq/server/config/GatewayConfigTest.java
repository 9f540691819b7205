package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.gateway.GatewaysConfig;
import io.wrenmq.server.gateway.zmq.ZmqGatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway keys: NanoMQ's etc/nanomq_zmq_gateway.conf (our copy, unchanged) in the broker's file and as a
 * standalone gateway's file, and the errors a bad value gets (key, file and line).
 */
class GatewayConfigTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("g.conf"), text);
    }

    private static ZmqGatewayConfig zmq(GatewaysConfig g) {
        assertThat(g.gateways()).hasSize(1);
        return (ZmqGatewayConfig) g.gateways().get(0);
    }

    @Test
    void nanoMqsGatewayFileLoadsUnchangedInTheBroker() throws Exception {
        Path f = NanoMqFiles.write(dir, "nanomq_zmq_gateway.conf", NanoMqFiles.text("nanomq_zmq_gateway.conf"), Map.of());
        ServerConfig config = ConfigLoader.load(f, Map.of(), ConfigLayer.empty(), dir);
        ZmqGatewayConfig z = zmq(config.gateways());
        assertThat(z.name()).isEqualTo("zmq");
        assertThat(z.enable()).isTrue();
        assertThat(z.subAddress()).isEqualTo("tcp://127.0.0.1:5560");
        assertThat(z.pubAddress()).isEqualTo("tcp://127.0.0.1:5559");
        assertThat(z.subPrefix()).isEqualTo("sub_prefix");
        assertThat(z.pubPrefix()).isEqualTo("pub_prefix");
        assertThat(z.mqtt().subTopic()).isEqualTo("topic/sub");
        assertThat(z.mqtt().forward()).isEqualTo("topic/pub");
        assertThat(z.mqtt().parallel()).isEqualTo(2);
        assertThat(z.queueSize()).isEqualTo(10000);
        // The connection's keys mean nothing in-process: one warning each, with file and line.
        assertThat(config.notices()).anySatisfy(n -> assertThat(n.message())
                .contains("nanomq_zmq_gateway.conf:10: gateway.mqtt.address").contains("in-process API"));
        assertThat(config.notices()).anySatisfy(n -> assertThat(n.message()).contains("gateway.mqtt.password"));
        assertThat(config.notices()).anySatisfy(n -> assertThat(n.message()).contains("http_server.parallel"));
        assertThat(config.httpServer().port()).isEqualTo(8082); // its http_server block is the broker's REST API
    }

    @Test
    void nanoMqsGatewayFileLoadsUnchangedStandalone() throws Exception {
        Path f = NanoMqFiles.write(dir, "nanomq_zmq_gateway.conf", NanoMqFiles.text("nanomq_zmq_gateway.conf"), Map.of());
        GatewayFile file = GatewayFile.load(f);
        ZmqGatewayConfig z = zmq(file.gateways());
        assertThat(z.mqtt().host()).isEqualTo("broker.emqx.io");
        assertThat(z.mqtt().port()).isEqualTo(1883);
        assertThat(z.mqtt().version()).isEqualTo(MqttVersion.V3_1_1);
        assertThat(z.mqtt().keepalive()).isEqualTo(60);
        assertThat(z.mqtt().cleanStart()).isTrue();
        assertThat(z.mqtt().username()).isEqualTo("username");
        assertThat(z.mqtt().password()).isEqualTo("passwd");
        assertThat(z.mqtt().clientId()).isEqualTo("wrenmq-gateway-zmq");
        assertThat(file.warnings()).singleElement().asString().contains("http_server").contains("no REST API");
    }

    @Test
    void withoutAGatewayBlockThereIsNone() throws Exception {
        assertThat(ConfigLoader.load(file("mqtt.max_qos = 1\n"), Map.of(), ConfigLayer.empty(), dir).gateways())
                .isEqualTo(GatewaysConfig.NONE);
    }

    @Test
    void badValuesNameTheKeyFileAndLine() throws Exception {
        Path f = file("""
                gateway.mqtt {
                  sub_topic = "a/#/b"
                  keepalive = 60s
                  colour = blue
                }
                gateway.zmq {
                  sub_address = "127.0.0.1:5560"
                  queue_size = 0
                }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), ConfigLayer.empty(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("g.conf:2: gateway.mqtt.sub_topic: not a valid MQTT topic filter")
                .hasMessageContaining("g.conf:3: gateway.mqtt.keepalive")
                .hasMessageContaining("g.conf:4: gateway.mqtt.colour: unknown key")
                .hasMessageContaining("gateway.mqtt.forward: missing")
                .hasMessageContaining("g.conf:7: gateway.zmq.sub_address: not a ZeroMQ endpoint")
                .hasMessageContaining("g.conf:8: gateway.zmq.queue_size");
    }

    @Test
    void aStandaloneGatewayNeedsAPlainMqttAddress() throws Exception {
        String blocks = "gateway.zmq { sub_address = \"tcp://127.0.0.1:5560\" }\n";
        Path missing = file("gateway.mqtt { sub_topic = \"s\", forward = \"f\" }\n" + blocks);
        assertThatThrownBy(() -> GatewayFile.load(missing)).hasMessageContaining("gateway.mqtt.address: missing");
        Path tls = file("gateway.mqtt { address = \"tls+mqtt-tcp://h:8883\", sub_topic = \"s\", forward = \"f\" }\n" + blocks);
        assertThatThrownBy(() -> GatewayFile.load(tls)).hasMessageContaining("g.conf:1: gateway.mqtt.address: TLS is not supported");
        Path broker = file("gateway.mqtt { address = \"mqtt-tcp://h:1883\", sub_topic = \"s\", forward = \"f\" }\n" + blocks
                + "mqtt.max_qos = 1\n");
        assertThatThrownBy(() -> GatewayFile.load(broker)).hasMessageContaining("g.conf:3: mqtt: unknown key");
        Path onlyMqtt = file("gateway.mqtt { address = \"mqtt-tcp://h:1883\", sub_topic = \"s\", forward = \"f\" }\n");
        assertThatThrownBy(() -> GatewayFile.load(onlyMqtt)).hasMessageContaining("gateway.zmq: missing");
    }
}
