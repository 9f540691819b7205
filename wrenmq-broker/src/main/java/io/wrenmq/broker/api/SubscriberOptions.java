package io.wrenmq.broker.api;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How an in-process subscriber behaves ({@code WrenBroker.subscribe(options, listener)}).
 *
 * <pre>{@code
 * // a durable consumer: what arrives while it is not attached (or the broker is down) waits for it
 * SubscriberOptions opts = SubscriberOptions.named("archiver").persistent(true).maxInflight(64);
 * InProcessSubscriber s = broker.subscribe(opts, m -> { store(m); m.ack(); }).join();
 * s.subscribe("plant/#", 1).join();
 * }</pre>
 *
 * <p>Immutable; each setter returns a copy.
 */
public final class SubscriberOptions {
    private final String name;
    private final boolean persistent;
    private final int maxInflight;
    private final Executor executor;
    private final int retainHandling;

    private SubscriberOptions(String name, boolean persistent, int maxInflight, Executor executor, int retainHandling) {
        this.name = name;
        this.persistent = persistent;
        this.maxInflight = maxInflight;
        this.executor = executor;
        this.retainHandling = retainHandling;
    }

    /**
     * A subscriber with this session name (the "client id" of its session, listed by the REST API's /clients). A second
     * subscriber with the same name takes the session over, as a second MQTT connection with the same client id does.
     */
    public static SubscriberOptions named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the name must not be empty");
        }
        return new SubscriberOptions(name, false, 32, null, 0);
    }

    /**
     * Persistent (a session that never expires, kept in the store when persistence is on): subscriptions, queued and
     * unacknowledged messages survive {@link InProcessSubscriber#close()} and a broker restart; subscribing again
     * under the same name resumes them. Not persistent (the default): everything ends with close().
     */
    public SubscriberOptions persistent(boolean value) {
        return new SubscriberOptions(name, value, maxInflight, executor, retainHandling);
    }

    /** QoS 1/2 messages delivered and not yet acknowledged, at most (an MQTT client's Receive Maximum); default 32. */
    public SubscriberOptions maxInflight(int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("maxInflight must be 1..65535: " + value);
        }
        return new SubscriberOptions(name, persistent, value, executor, retainHandling);
    }

    /**
     * Where the listener runs; default the subscriber's event loop (the listener must not block there). With an
     * executor, keep it single-threaded if the order of messages matters.
     */
    public SubscriberOptions executor(Executor value) {
        return new SubscriberOptions(name, persistent, maxInflight, value, retainHandling);
    }

    /** MQTT 5 Retain Handling of its subscriptions: 0 = retained messages on every subscribe (default), 1 = only on a new one, 2 = never. */
    public SubscriberOptions retainHandling(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("retainHandling must be 0, 1 or 2: " + value);
        }
        return new SubscriberOptions(name, persistent, maxInflight, executor, value);
    }

    public String name() {
        return name;
    }

    public boolean isPersistent() {
        return persistent;
    }

    public int maxInflight() {
        return maxInflight;
    }

    /** The listener's executor, or null for the event loop. */
    public Executor executor() {
        return executor;
    }

    public int retainHandling() {
        return retainHandling;
    }
}
