package io.wrenmq.broker;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The embeddable broker: build it from a {@link BrokerConfig}, {@link #start()} it, {@link #stop()} it.
 * (Being implemented; API fixed.)
 */
public final class WrenBroker implements AutoCloseable {
    private final BrokerConfig config;

    public WrenBroker(BrokerConfig config) {
        this.config = config;
    }

    /** Binds every enabled listener; throws {@link BrokerStartException} naming the address when one fails. */
    public void start() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The bound address of each enabled listener, in configuration order (useful with port 0). */
    public List<InetSocketAddress> boundAddresses() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The port the first listener is bound to. */
    public int port() {
        return boundAddresses().get(0).getPort();
    }

    /** Closes the listeners and every connection; idempotent. */
    public void stop() {
    }

    @Override
    public void close() {
        stop();
    }

    public BrokerConfig config() {
        return config;
    }
}
