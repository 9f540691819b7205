package io.wrenmq.broker.api;

/**
 * What waits in one session for its client, read on the session's loop at one moment ({@code
 * WrenBroker.sessionBacklog}): an operator's view of a bridge's offline cache or a slow consumer. It is exact at the
 * moment it was read and may be out of date by the time the caller looks at it (messages keep arriving and leaving).
 *
 * @param queued            messages in the session's queue, not yet sent
 * @param inflight          QoS 1/2 messages sent and not yet acknowledged (they are sent again on the next connection)
 * @param droppedQueueFull  messages its full queue dropped since the session was created or restored after a restart
 */
public record SessionBacklog(int queued, int inflight, long droppedQueueFull) {

    /** Everything waiting for the client: queued and in flight. */
    public int depth() {
        return queued + inflight;
    }
}
