package io.wrenmq.broker.protocol;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.auth.AccessControl;
import io.wrenmq.broker.auth.AuthService;
import io.wrenmq.broker.delivery.MessageRouter;
import io.wrenmq.broker.delivery.SubscriptionService;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.limits.Limits;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.session.SessionRegistry;

/** The broker-wide services a connection needs, wired once by {@link WrenBroker}. */
public record BrokerContext(ProtocolSettings config, BrokerMetrics metrics, SessionRegistry sessions,
        MessageRouter router, SubscriptionService subscriptions, Limits limits, AccessControl access, AuthService auth,
        EventHub events) {
}
