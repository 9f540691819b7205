package io.wrenmq.broker.store;

import io.wrenmq.codec.Subscription;
import java.util.Objects;

/**
 * One subscription of a persistent session.
 *
 * @param options        the topic filter (with any {@code $share/group/} prefix) and subscription options
 * @param subscriptionId the Subscription Identifier, 0 when none
 */
public record StoredSubscription(Subscription options, int subscriptionId) {
    public StoredSubscription {
        Objects.requireNonNull(options, "options");
    }
}
