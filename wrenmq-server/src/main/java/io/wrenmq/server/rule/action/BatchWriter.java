package io.wrenmq.server.rule.action;

import java.util.List;
import java.util.Map;

/** Writes batches for a {@link BatchingAction}, on its worker thread only. */
interface BatchWriter extends AutoCloseable {

    /**
     * Writes the rows as one unit (one transaction, one request): all of them or, when it throws, none.
     *
     * @return how many of the rows were left out because nothing in them could be written (counted as failed)
     */
    int write(List<Map<String, Object>> rows) throws Exception;

    /**
     * Whether the same rows may succeed later because the target is away or overloaded (retried with backoff),
     * rather than refused for what they contain (split up so that only the bad rows fail).
     */
    boolean isTransient(Exception failure);

    /** A short text for the log and {@link ActionStats#lastError()}. */
    default String describe(Exception failure) {
        String m = failure.getMessage();
        return m == null || m.isBlank() ? failure.getClass().getSimpleName() : m;
    }

    /** Fields left out of written rows so far because the target has no place for them. */
    default long ignoredFields() {
        return 0;
    }

    /** Releases what the writer holds; a write in progress may fail. */
    @Override
    void close();
}
