package io.wrenmq.server.rule.action;

import io.wrenmq.server.outbound.Backoff;
import java.time.Duration;

/**
 * How an action queues and batches.
 *
 * @param queueSize        rows held at most, the batch being written included; further rows are dropped and counted
 * @param batchSize        rows written at most in one batch (one transaction / one request)
 * @param retryInterval    the first retry's delay after the target failed; each further one doubles (with jitter)
 * @param maxRetryInterval the longest delay between retries; a failed batch is retried until it succeeds or the
 *                         action closes
 * @param closeTimeout     how long {@link RuleAction#close} keeps writing what is queued
 */
public record BatchSettings(int queueSize, int batchSize, Duration retryInterval, Duration maxRetryInterval,
        Duration closeTimeout) {

    public static final BatchSettings DEFAULTS = new BatchSettings(10_000, 1_000, Duration.ofMillis(100),
            Duration.ofSeconds(30), Duration.ofSeconds(5));

    public BatchSettings {
        if (queueSize < 1) {
            throw new InvalidActionConfig("queue_size", "must be at least 1, got " + queueSize, "e.g. 10000");
        }
        if (batchSize < 1 || batchSize > queueSize) {
            throw new InvalidActionConfig("batch_size", "must be 1.." + queueSize + " (queue_size), got " + batchSize,
                    "e.g. 1000");
        }
        if (retryInterval.isNegative() || maxRetryInterval.compareTo(retryInterval) < 0) {
            throw new InvalidActionConfig("max_retry_interval", "must not be shorter than retry_interval ("
                    + retryInterval + "), got " + maxRetryInterval, "e.g. retry_interval = 100ms, max_retry_interval = 30s");
        }
        if (closeTimeout.isNegative()) {
            throw new InvalidActionConfig("close_timeout", "must not be negative", "e.g. 5s");
        }
    }

    public BatchSettings withBatchSize(int rows) {
        return new BatchSettings(queueSize, rows, retryInterval, maxRetryInterval, closeTimeout);
    }

    /** Retries of a failed batch: a quarter of each delay is random, so actions that failed together spread out. */
    Backoff backoff() {
        return new Backoff(retryInterval, maxRetryInterval, 0.25);
    }
}
