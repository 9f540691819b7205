package io.wrenmq.broker.delivery;

import io.wrenmq.broker.routing.SharedSubscriptionStrategy;

/**
 * The engine settings routing and subscribing read, implemented by the composition root's {@code BrokerConfig}:
 * delivery sees only these, and sees them live (a reload may change the shared subscription strategy).
 */
public interface DeliverySettings {
    /** How a shared subscription group picks the member for each message (mqtt.shared_subscription_strategy). */
    SharedSubscriptionStrategy sharedSubscriptionStrategy();

    /** Whether $share/ and $queue/ filters are accepted (mqtt.shared_subscription). */
    boolean sharedSubscriptionAvailable();

    /** Whether filters with + or # are accepted (mqtt.wildcard_subscription). */
    boolean wildcardSubscriptionAvailable();

    /** The highest QoS granted to a subscription (mqtt.max_qos). */
    int maxQos();
}
