package io.wrenmq.client;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.MqttVersion;
import java.time.Duration;

/** Test helpers: a WrenMQ broker on a loopback ephemeral port, and clients pointed at a port. */
final class Brokers {
    private Brokers() {
    }

    static BrokerConfig config() {
        return new BrokerConfig().tcp("127.0.0.1", 0).sysInterval(Duration.ZERO).eventLoopThreads(2);
    }

    static WrenBroker start(BrokerConfig config) {
        WrenBroker broker = new WrenBroker(config);
        broker.start();
        return broker;
    }

    static MqttClientBuilder client(int port, MqttVersion version, String clientId) {
        return MqttClient.builder().host("127.0.0.1").port(port).version(version).clientId(clientId)
                .connectTimeout(Duration.ofSeconds(5));
    }
}
