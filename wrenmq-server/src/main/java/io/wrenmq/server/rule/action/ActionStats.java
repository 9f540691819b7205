package io.wrenmq.server.rule.action;

/**
 * A snapshot of one action's counters (for the REST API and Prometheus).
 *
 * @param success        rows written
 * @param failure        rows the target refused for their content (given up, not retried)
 * @param dropped        rows that did not fit in the queue, or were still queued when the action closed
 * @param retriedBatches retries of a batch after the target failed (away, timeout, 5xx)
 * @param batches        writes that succeeded (one transaction, or one HTTP request, each)
 * @param queueDepth     rows waiting, the batch being written included
 * @param ignoredFields  fields of written rows that had no column in the table (databases only)
 * @param lastError      the last failure's text, null if none yet
 * @param lastErrorAt    when it happened (epoch milliseconds; 0 if none)
 */
public record ActionStats(long success, long failure, long dropped, long retriedBatches, long batches,
        int queueDepth, long ignoredFields, String lastError, long lastErrorAt) {
}
