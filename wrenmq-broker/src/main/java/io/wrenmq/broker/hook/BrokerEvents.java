package io.wrenmq.broker.hook;

import java.util.EnumSet;
import java.util.Set;

/**
 * The event interface every outside feature listens on (WebHooks, event topics, later the rule engine and an
 * embedder's own code). Register a listener with {@code WrenBroker.events().register(...)} or
 * {@code BrokerConfig.events().listener(...)}.
 *
 * <p><b>Threading: listeners are called on the broker's network event loops</b>, the connection's (or the
 * session's) own loop, while it handles the packet. A listener MUST NOT block (no I/O, no locks held long, no
 * waiting for futures): hand the work to your own thread or queue and return. A listener that throws is logged and
 * the broker carries on. Events of one client arrive in order; events of different clients may arrive concurrently
 * on different threads.
 *
 * <p>Cost: only the event types a listener names in {@link #interests()} are produced at all; with no listener
 * interested in a type, its emission point costs one array-length check and allocates nothing.
 */
public interface BrokerEvents {

    /** The types this listener wants; default all twelve. Read once at registration. */
    default Set<EventType> interests() {
        return EnumSet.allOf(EventType.class);
    }

    /** Called for each event of a type in {@link #interests()}, on an event loop: must not block. */
    void onEvent(BrokerEvent event);
}
