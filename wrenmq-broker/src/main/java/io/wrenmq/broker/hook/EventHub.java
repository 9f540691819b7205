package io.wrenmq.broker.hook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of {@link BrokerEvents} listeners and the one place events are handed to them.
 *
 * <p>Emission points call {@link #wants(EventType)} first and build the event only when it answers true, so a
 * broker without listeners pays one volatile read and an array-length check per emission point and allocates
 * nothing. Registration copies the per-type arrays (copy on write): emission never locks.
 */
public final class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final BrokerEvents[] NONE = new BrokerEvents[0];
    private static final EventType[] TYPES = EventType.values();

    private volatile BrokerEvents[][] byType = emptyTable();
    private final List<BrokerEvents> all = new ArrayList<>();
    /** Listener calls that threw (each is logged, at most once a second). */
    public final LongAdder listenerErrors = new LongAdder();
    private volatile long lastErrorLogMillis;

    private static BrokerEvents[][] emptyTable() {
        BrokerEvents[][] t = new BrokerEvents[TYPES.length][];
        Arrays.fill(t, NONE);
        return t;
    }

    /** Adds a listener for the types in its {@link BrokerEvents#interests()}. */
    public synchronized void register(BrokerEvents listener) {
        all.add(listener);
        rebuild();
    }

    /** Removes a listener; events already being delivered may still reach it. */
    public synchronized void unregister(BrokerEvents listener) {
        all.remove(listener);
        rebuild();
    }

    /** Recomputes the per-type arrays, e.g. after a listener changed its {@link BrokerEvents#interests()}. */
    public synchronized void refresh() {
        rebuild();
    }

    private void rebuild() {
        BrokerEvents[][] t = emptyTable();
        for (BrokerEvents l : all) {
            for (EventType type : l.interests()) {
                BrokerEvents[] old = t[type.ordinal()];
                BrokerEvents[] grown = Arrays.copyOf(old, old.length + 1);
                grown[old.length] = l;
                t[type.ordinal()] = grown;
            }
        }
        byType = t;
    }

    /** Whether any listener wants events of this type: check it before building an event. */
    public boolean wants(EventType type) {
        return byType[type.ordinal()].length != 0;
    }

    /** Hands the event to every listener of its type, on the calling thread (an event loop). */
    public void emit(BrokerEvent event) {
        for (BrokerEvents l : byType[event.type().ordinal()]) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                listenerErrors.increment();
                long now = System.currentTimeMillis();
                if (now - lastErrorLogMillis >= 1000) {
                    lastErrorLogMillis = now;
                    LOG.warn("Event listener {} failed on {}: {}", l.getClass().getName(), event.type().hookName(),
                            e.toString(), e);
                }
            }
        }
    }
}
