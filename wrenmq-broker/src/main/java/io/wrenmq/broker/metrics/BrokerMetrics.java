package io.wrenmq.broker.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Broker-wide counters. LongAdder keeps increments cheap on the publish path (no contended CAS between
 * event loops); gauges that go up and down use AtomicLong.
 */
public final class BrokerMetrics {
    public final LongAdder messagesReceived = new LongAdder();
    public final LongAdder messagesSent = new LongAdder();
    /** Application messages received from clients and sent to them, by QoS (index 0, 1, 2). */
    public final LongAdder[] messagesReceivedByQos = {new LongAdder(), new LongAdder(), new LongAdder()};
    public final LongAdder[] messagesSentByQos = {new LongAdder(), new LongAdder(), new LongAdder()};
    public final LongAdder messagesDropped = new LongAdder();
    /** Dropped because a session queue was full (also counted in messagesDropped). */
    public final LongAdder messagesDroppedQueueFull = new LongAdder();
    /** Dropped because they expired before delivery (also counted in messagesDropped). */
    public final LongAdder messagesDroppedExpired = new LongAdder();
    /** Dropped because they exceeded the client's Maximum Packet Size (also counted in messagesDropped). */
    public final LongAdder messagesDroppedTooLarge = new LongAdder();
    /** QoS 0 dropped because the subscriber's connection could not take more (also in messagesDropped). */
    public final LongAdder messagesDroppedBackpressure = new LongAdder();
    public final LongAdder bytesReceived = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    public final LongAdder publishReceived = new LongAdder();
    public final LongAdder publishSent = new LongAdder();
    public final LongAdder connectionsAccepted = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    /** TLS handshakes that failed or timed out (garbage bytes, wrong CA, expired or missing client certificate). */
    public final LongAdder tlsHandshakeFailures = new LongAdder();
    /** Store transactions committed, and writes applied in them (persistence). */
    public final LongAdder storeCommits = new LongAdder();
    public final LongAdder storeWrites = new LongAdder();
    /** Store transactions that failed (disk full, I/O error); their writes were not persisted. */
    public final LongAdder storeErrors = new LongAdder();
    /** QoS 1/2 publishes refused (0x97, or the connection closed for MQTT 3) because the store failed. */
    public final LongAdder publishesRefusedStoreFailure = new LongAdder();
    /** CONNECTs refused by authentication (bad credentials, not authorized, failed enhanced authentication). */
    public final LongAdder authFailures = new LongAdder();
    public final AtomicLong connectionsOpen = new AtomicLong();
    public final AtomicLong clientsConnected = new AtomicLong();
    /** Overload protection and bans (connection limits, publish rates, subscription limits, flapping). */
    public final LimitsMetrics limits = new LimitsMetrics();
    private final AtomicLong clientsMaximum = new AtomicLong();

    public void clientConnected() {
        long now = clientsConnected.incrementAndGet();
        clientsMaximum.accumulateAndGet(now, Math::max);
    }

    public void clientDisconnected() {
        clientsConnected.decrementAndGet();
    }

    public long clientsMaximum() {
        return clientsMaximum.get();
    }

    /** Counts a drop under its reason and in the total. */
    public void dropped(LongAdder reason) {
        reason.increment();
        messagesDropped.increment();
    }
}
