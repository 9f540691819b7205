package io.wrenmq.broker.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of overload protection and bans; part of {@link BrokerMetrics#limits}. */
public final class LimitsMetrics {
    /** Sockets closed at accept because their address is banned. */
    public final LongAdder connectionsRefusedBanned = new LongAdder();
    /** Sockets closed at accept because a listener's or the broker's max_connections was reached. */
    public final LongAdder connectionsRefusedMaxConnections = new LongAdder();
    /** Sockets closed at accept because a listener's or the broker's max_conn_rate was exceeded. */
    public final LongAdder connectionsRefusedRate = new LongAdder();
    /** CONNECTs refused with 0x8A Banned (v3: return code 5) by client id or username, flapping included. */
    public final LongAdder connectsRefusedBanned = new LongAdder();
    /** Bans added by flapping detection and failed-login counting. */
    public final LongAdder flappingBans = new LongAdder();
    /** Times a publisher's reading was paused by messages_rate / bytes_rate, and for how long in total. */
    public final LongAdder publishThrottled = new LongAdder();
    public final LongAdder publishThrottledNanos = new LongAdder();
    /** Publishers paused right now. */
    public final AtomicLong clientsThrottled = new AtomicLong();
    /** SUBSCRIBE entries refused by max_subscriptions (0x97) and by max_topic_levels (0x8F). */
    public final LongAdder subscriptionsRefusedQuota = new LongAdder();
    public final LongAdder subscriptionsRefusedTopicLevels = new LongAdder();
    /** PUBLISH packets refused by max_topic_levels (DISCONNECT 0x90). */
    public final LongAdder publishesRefusedTopicLevels = new LongAdder();
    /** QoS 1/2 deliveries to a connected client queued because its in-flight window (max_inflight_window) was full. */
    public final LongAdder deliveriesQueuedInflightFull = new LongAdder();
    /** Times a publisher's reading was paused because a QoS 1/2 subscriber it feeds had a full queue (online_queue_full). */
    public final LongAdder publishersSlowedDown = new LongAdder();
    /** Subscribers that took nothing for backpressure_timeout while their queue was full: publishers stopped waiting for them. */
    public final LongAdder slowSubscribersGivenUp = new LongAdder();
    /** Payload bytes queued above max_mqueue_len for connected subscribers right now (bounded by backpressure_max_memory). */
    public final AtomicLong queuedAboveLimitBytes = new AtomicLong();
}
