package io.wrenmq.server.bridge;

import io.wrenmq.codec.MqttVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Bridge configurations for tests: NanoMQ's defaults, a server on loopback, and what the test varies. */
final class TestBridges {
    private TestBridges() {
    }

    static BridgeConfig config(String name, int port, MqttVersion version, List<BridgeForward> forwards,
            List<BridgeSubscription> subscriptions) {
        return config(name, List.of(server(port)), version, forwards, subscriptions);
    }

    static BridgeConfig config(String name, List<BridgeServer> servers, MqttVersion version, List<BridgeForward> forwards,
            List<BridgeSubscription> subscriptions) {
        return config(name, servers, version, forwards, subscriptions, null);
    }

    /** With the ssl block {@code tls} (tls+mqtt-tcp:// and mqtt-quic:// servers). */
    static BridgeConfig config(String name, List<BridgeServer> servers, MqttVersion version, List<BridgeForward> forwards,
            List<BridgeSubscription> subscriptions, BridgeTlsConfig tls) {
        return new BridgeConfig(name, true, servers, version, "edge-bridge-" + name, Duration.ofSeconds(60),
                Duration.ofSeconds(2), true, null, null, tls, BridgeConfig.ConnProperties.DEFAULT, null, forwards,
                subscriptions, 0, Map.of(), false, 2, 32, 32, 128, Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofSeconds(5));
    }

    static BridgeServer server(int port) {
        return new BridgeServer("mqtt-tcp://127.0.0.1:" + port, "127.0.0.1", port, false);
    }

    static BridgeForward forward(String local, String remote) {
        return new BridgeForward(local, remote, BridgeForward.KEEP_QOS, BridgeForward.KEEP_RETAIN, "", "");
    }

    static BridgeSubscription subscription(String remote, String local, int qos) {
        return new BridgeSubscription(remote, local, qos, 2, false, 0, true, "", "");
    }

    static BridgeCacheConfig cache(int size) {
        return new BridgeCacheConfig(size > 0, size, 100, Duration.ofSeconds(5));
    }
}
