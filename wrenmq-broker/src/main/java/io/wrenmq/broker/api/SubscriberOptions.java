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
    private boolean persistent;
    private int maxInflight = 32;
    private Executor executor;
    private int retainHandling;
    private boolean noLocal;
    private boolean retainAsPublished;
    private int maxQueued = -1;
    private boolean dropOldest;

    private SubscriberOptions(String name) {
        this.name = name;
    }

    private SubscriberOptions copy() {
        SubscriberOptions c = new SubscriberOptions(name);
        c.persistent = persistent;
        c.maxInflight = maxInflight;
        c.executor = executor;
        c.retainHandling = retainHandling;
        c.noLocal = noLocal;
        c.retainAsPublished = retainAsPublished;
        c.maxQueued = maxQueued;
        c.dropOldest = dropOldest;
        return c;
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
        return new SubscriberOptions(name);
    }

    /**
     * Persistent (a session that never expires, kept in the store when persistence is on): subscriptions, queued and
     * unacknowledged messages survive {@link InProcessSubscriber#close()} and a broker restart; subscribing again
     * under the same name resumes them. Not persistent (the default): everything ends with close().
     */
    public SubscriberOptions persistent(boolean value) {
        SubscriberOptions c = copy();
        c.persistent = value;
        return c;
    }

    /** QoS 1/2 messages delivered and not yet acknowledged, at most (an MQTT client's Receive Maximum); default 32. */
    public SubscriberOptions maxInflight(int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("maxInflight must be 1..65535: " + value);
        }
        SubscriberOptions c = copy();
        c.maxInflight = value;
        return c;
    }

    /**
     * Where the listener runs; default the subscriber's event loop (the listener must not block there). With an
     * executor, keep it single-threaded if the order of messages matters.
     */
    public SubscriberOptions executor(Executor value) {
        SubscriberOptions c = copy();
        c.executor = value;
        return c;
    }

    /** MQTT 5 Retain Handling of its subscriptions: 0 = retained messages on every subscribe (default), 1 = only on a new one, 2 = never. */
    public SubscriberOptions retainHandling(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("retainHandling must be 0, 1 or 2: " + value);
        }
        SubscriberOptions c = copy();
        c.retainHandling = value;
        return c;
    }

    /**
     * MQTT 5 No Local for its subscriptions: messages published under this subscriber's name
     * ({@code Publication.publisher(name, ...)}) are not delivered to it [MQTT-3.8.3-3]. A bridge uses it so that
     * what it brought in is not sent back out.
     */
    public SubscriberOptions noLocal(boolean value) {
        SubscriberOptions c = copy();
        c.noLocal = value;
        return c;
    }

    /** MQTT 5 Retain As Published: live messages keep the retain flag they were published with [MQTT-3.8.3-4]. */
    public SubscriberOptions retainAsPublished(boolean value) {
        SubscriberOptions c = copy();
        c.retainAsPublished = value;
        return c;
    }

    /**
     * Its own queue bound instead of {@code mqtt.max_mqueue_len} (0 = no limit), with the oldest or the newest message
     * dropped when full; its queued messages always hold their own copy of the payload (a queue that may stay long
     * must not pin network buffers). Default: the broker's limit and policy.
     */
    public SubscriberOptions maxQueued(int value, boolean dropOldest) {
        if (value < 0) {
            throw new IllegalArgumentException("maxQueued must be >= 0: " + value);
        }
        SubscriberOptions c = copy();
        c.maxQueued = value;
        c.dropOldest = dropOldest;
        return c;
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

    public boolean noLocal() {
        return noLocal;
    }

    public boolean retainAsPublished() {
        return retainAsPublished;
    }

    /** The own queue bound, -1 for the broker's. */
    public int maxQueued() {
        return maxQueued;
    }

    public boolean dropOldest() {
        return dropOldest;
    }
}
