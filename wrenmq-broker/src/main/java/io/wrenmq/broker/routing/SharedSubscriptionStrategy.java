package io.wrenmq.broker.routing;

/** How a message for a shared subscription group picks one member (`mqtt.shared_subscription_strategy`). */
public enum SharedSubscriptionStrategy {
    /** Each connected member in turn (the default). */
    ROUND_ROBIN,
    /** A connected member chosen at random. */
    RANDOM,
    /** The same member as long as it stays connected. */
    STICKY,
    /** A member chosen by the hash of the publisher's client id, so one publisher always reaches the same member. */
    HASH_CLIENTID
}
