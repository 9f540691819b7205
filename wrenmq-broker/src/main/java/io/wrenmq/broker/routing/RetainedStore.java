package io.wrenmq.broker.routing;

import io.wrenmq.broker.message.RetainedMessage;
import java.util.function.Consumer;

/**
 * The retained messages, one per topic (MQTT 5 section 3.3.1.3). A narrow interface: an in-memory
 * implementation now ({@link MemoryRetainedStore}), a SQLite one later. Implementations are thread-safe.
 */
public interface RetainedStore {
    /**
     * Stores or replaces the retained message of its topic [MQTT-3.3.1-5]; a message with an empty payload
     * removes the retained message of its topic instead and is not stored [MQTT-3.3.1-6, MQTT-3.3.1-7].
     */
    void put(RetainedMessage message);

    /** The retained message of a topic or null. It may have expired: check {@link RetainedMessage#isExpired}. */
    RetainedMessage get(String topic);

    /** Removes the retained message of a topic; whether there was one. */
    boolean remove(String topic);

    /**
     * Calls {@code sink} for every retained message that has not expired at {@code nowMillis} and whose topic
     * matches the (non-shared) filter, by the rules of {@link TopicFilters#matches} including the '$' rule
     * [MQTT-4.7.2-1]. Literal levels are looked up in an index, never by scanning all topics.
     */
    void match(String filter, long nowMillis, Consumer<RetainedMessage> sink);

    /** How many retained messages are stored (expired ones included until purged). */
    int size();

    /** Removes the messages expired at {@code nowMillis}; returns how many. */
    int purgeExpired(long nowMillis);
}
