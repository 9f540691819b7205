package io.wrenmq.broker.routing;

import io.wrenmq.codec.Subscription;
import java.util.Objects;

/**
 * One subscription of one session. {@code options.topicFilter()} is the filter as the client sent it (with the
 * {@code $share/} prefix for a shared subscription).
 *
 * @param clientId       the subscribing session's client id; a client has at most one entry per filter
 *                       [MQTT-3.8.4-3]
 * @param subscriber     the broker's handle for the session
 * @param options        the filter and subscription options from SUBSCRIBE
 * @param subscriptionId the Subscription Identifier, 0 when none (section 3.8.2.1.2)
 * @param <S>            the broker's subscriber handle type
 */
public record SubscriptionEntry<S>(String clientId, S subscriber, Subscription options,
        int subscriptionId) {
    public SubscriptionEntry {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(options, "options");
    }
}
