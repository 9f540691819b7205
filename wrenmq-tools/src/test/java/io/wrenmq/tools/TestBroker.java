package io.wrenmq.tools;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real broker on an ephemeral loopback port for the CLI client tests. */
final class TestBroker implements AutoCloseable {
    final WrenBroker broker;

    TestBroker(UnaryOperator<BrokerConfig> tweak) {
        broker = new WrenBroker(tweak.apply(new BrokerConfig().tcp("127.0.0.1", 0).sysInterval(Duration.ZERO)));
        broker.start();
    }

    TestBroker() {
        this(c -> c);
    }

    String port() {
        return Integer.toString(broker.port());
    }

    @Override
    public void close() {
        broker.close();
    }
}
