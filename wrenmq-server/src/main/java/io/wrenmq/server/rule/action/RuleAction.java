package io.wrenmq.server.rule.action;

import java.util.Map;

/**
 * Where a rule's selected rows go. A row is a {@code LinkedHashMap} in select order whose values are only null,
 * Boolean, Long, Double, String, List and Map (a JSON model).
 */
public interface RuleAction {

    String name();

    /**
     * Hands a row over without waiting (called on a broker thread). False: the queue was full, the row is dropped
     * and counted (also after {@link #close}).
     */
    boolean offer(Map<String, Object> row);

    ActionStats stats();

    /** Starts the worker; rows offered before are kept and written first. */
    void start();

    /**
     * Writes what it can within the close timeout, then counts what is left as dropped and logs it. Returns within
     * about that timeout also when the target hangs.
     */
    void close();
}
