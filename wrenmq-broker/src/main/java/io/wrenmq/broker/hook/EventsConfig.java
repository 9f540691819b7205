package io.wrenmq.broker.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Broker events for embedders and the event topics: listeners registered at start, and whether the
 * {@code $SYS/brokers/<node>/clients/<id>/connected|disconnected} and NanoMQ's {@code $SYS/brokers/connected|disconnected}
 * messages are published ({@code system.event_topics}).
 */
public final class EventsConfig {
    private final List<BrokerEvents> listeners = new ArrayList<>();
    private boolean eventTopics = true;

    /** Registers a listener when the broker is built (see {@link BrokerEvents} for the threading rules). */
    public EventsConfig listener(BrokerEvents listener) {
        listeners.add(Objects.requireNonNull(listener));
        return this;
    }

    public List<BrokerEvents> listeners() {
        return List.copyOf(listeners);
    }

    public boolean eventTopics() {
        return eventTopics;
    }

    public EventsConfig eventTopics(boolean value) {
        this.eventTopics = value;
        return this;
    }
}
