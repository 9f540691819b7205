package io.wrenmq.server.webhook;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one WebHook target (for the REST API and Prometheus: webhook_requests_total{target,result}). */
public final class WebhookMetrics {
    /** Requests answered 2xx. */
    public final LongAdder sent = new LongAdder();
    /** Requests that still failed after every retry. */
    public final LongAdder failed = new LongAdder();
    /** Retries made (each failed attempt that was tried again). */
    public final LongAdder retried = new LongAdder();
    /** Events dropped because the target's queue was full (receiver too slow or down). */
    public final LongAdder dropped = new LongAdder();
    /** Events waiting in the queue right now. */
    public final AtomicInteger queued = new AtomicInteger();
}
