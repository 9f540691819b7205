package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.server.gateway.GatewayConfig;
import io.wrenmq.server.gateway.nngbridge.NngGatewayConfig;
import io.wrenmq.server.gateway.nngbridge.NngGatewayConfig.Kind;
import io.wrenmq.server.gateway.nngbridge.NngRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NanoMQ master's {@code bridges.nng.pub|sub.<name>} blocks (its docs' example, bridges/nng-bridge.md, with a TCP URL)
 * and our {@code bridges.nng.pair.<name>}: read as gateways, beside the MQTT bridges of the same {@code bridges} block.
 */
class NngGatewayConfigTest {
    @TempDir
    Path dir;

    private List<GatewayConfig> load(String text) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("n.conf"), text), Map.of(), ConfigLayer.empty(), dir)
                .gateways().gateways();
    }

    @Test
    void nanoMqsPubAndSubBlocksAndOurPairBlock() throws Exception {
        List<GatewayConfig> g = load("""
                bridges.nng.pub.t1 {
                  enable = true
                  pub_url = "tcp://127.0.0.1:9900"
                  clientid = "nng_proxy"
                  forwards = [
                    { local_topic = "mqtt/local/#", remote_topic = "nng/remote", nng_delimiter = ":", qos = 1 },
                    { local_topic = "mqtt/ekuiper", remote_topic = "nng/ekuiper", nng_delimiter = ":" }
                  ]
                }
                bridges.nng.sub.t2 {
                  sub_url = "tcp://localhost:9901"
                  clientid = "nng_proxy_2"
                  subscription = [
                    { remote_topic = "nng", nng_delimiter = "/", local_topic = "local/nng", qos = 1 },
                    { remote_topic = "ekuiper", nng_delimiter = ":", local_topic = "local/ekuiper" }
                  ]
                }
                bridges.nng.pair.robot {
                  pair_url = "tcp://127.0.0.1:9902"
                  mode = dial
                  version = 0
                  forwards = [ { local_topic = "cmd/#" } ]
                  subscription = [ { remote_topic = "state" } ]
                }
                bridges.mqtt.cloud { server = "mqtt-tcp://127.0.0.1:1883" }
                """);
        assertThat(g).extracting(GatewayConfig::name).containsExactly("nng.pub.t1", "nng.sub.t2", "nng.pair.robot");
        NngGatewayConfig pub = (NngGatewayConfig) g.get(0);
        assertThat(pub.kind()).isEqualTo(Kind.PUB);
        assertThat(pub.dial()).isFalse(); // NanoMQ listens
        assertThat(pub.sessionName()).isEqualTo("nng_proxy");
        assertThat(pub.forwards()).containsExactly(new NngRoute("mqtt/local/#", "nng/remote", ":", 1),
                new NngRoute("mqtt/ekuiper", "nng/ekuiper", ":", 0));
        NngGatewayConfig sub = (NngGatewayConfig) g.get(1);
        assertThat(sub.url()).isEqualTo("tcp://localhost:9901");
        assertThat(sub.subscription()).containsExactly(new NngRoute("local/nng", "nng", "/", 1),
                new NngRoute("local/ekuiper", "ekuiper", ":", 0));
        NngGatewayConfig pair = (NngGatewayConfig) g.get(2);
        assertThat(pair.kind()).isEqualTo(Kind.PAIR);
        assertThat(pair.dial()).isTrue();
        assertThat(pair.pairVersion()).isZero();
        assertThat(pair.sessionName()).isEqualTo("$gateway/nng.pair.robot");
        assertThat(pair.forwards()).containsExactly(new NngRoute("cmd/#", "", "/", 0));
        assertThat(pair.maxMessageSize()).isEqualTo(1 << 20);
    }

    @Test
    void badValuesNameTheKeyFileAndLine() throws Exception {
        assertThatThrownBy(() -> load("""
                bridges.nng.pub.a {
                  pub_url = "ipc:///tmp/nng_pub.ipc"
                  forwards = [ { remote_topic = "x" }, { local_topic = "a/#/b" } ]
                }
                bridges.nng.sub.b { subscription = [ { remote_topic = "s", nng_delimiter = "" } ] }
                bridges.nng.req.c { }
                """)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("n.conf:2: bridges.nng.pub.a.pub_url: not an NNG TCP URL")
                .hasMessageContaining("bridges.nng.pub.a.forwards[0].local_topic: missing")
                .hasMessageContaining("n.conf:3: bridges.nng.pub.a.forwards[1].local_topic: not a valid MQTT topic filter")
                .hasMessageContaining("bridges.nng.sub.b.sub_url: missing")
                .hasMessageContaining("n.conf:5: bridges.nng.sub.b.subscription[0].nng_delimiter: empty")
                .hasMessageContaining("n.conf:6: bridges.nng.req: unknown key");
    }
}
