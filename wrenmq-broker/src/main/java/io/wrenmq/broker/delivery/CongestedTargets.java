package io.wrenmq.broker.delivery;

import io.wrenmq.broker.session.Session;

/**
 * Told by {@link MessageRouter#route} about each QoS 1/2 target whose queue is full and asks its publishers to slow
 * down ({@link Session#isCongested()}, mqtt.online_queue_full = backpressure). A publishing connection answers by
 * pausing its reads until that session has drained; callers that cannot pause (wills, the REST API) pass null.
 */
@FunctionalInterface
public interface CongestedTargets {
    /** Called on the routing thread, possibly several times per message; must be cheap and must not block. */
    void congested(Session target);
}
