package io.wrenmq.broker.it;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import java.time.Duration;
import java.util.function.Consumer;

/** A real broker on an ephemeral loopback port, for black-box tests. */
public final class TestBroker implements AutoCloseable {
    private final WrenBroker broker;

    private TestBroker(BrokerConfig config) {
        this.broker = new WrenBroker(config);
        broker.start();
    }

    /** A broker with test-friendly defaults (127.0.0.1, port 0, 1 s $SYS interval), tweaked by {@code tweak}. */
    public static TestBroker start(Consumer<BrokerConfig> tweak) {
        BrokerConfig c = new BrokerConfig().tcp("127.0.0.1", 0).eventLoopThreads(2).sysInterval(Duration.ofSeconds(1));
        tweak.accept(c);
        return new TestBroker(c);
    }

    public static TestBroker start() {
        return start(c -> { });
    }

    public int port() {
        return broker.port();
    }

    public String host() {
        return "127.0.0.1";
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    public WrenBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        broker.stop();
    }
}
