package io.wrenmq.server.bridge;

import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;

/** What of a message's MQTT 5 properties crosses a bridge. */
final class BridgeProperties {
    private BridgeProperties() {
    }

    /**
     * The properties that travel on (User Properties, Message Expiry with what is left of it, Content Type, Response
     * Topic, ...): not the hop's Topic Alias, nor the Subscription Identifiers of the subscription it arrived by
     * [MQTT-3.3.4-3], which belong to the receiver.
     */
    static Properties forwardable(Properties p) {
        if (p.isEmpty()) {
            return p;
        }
        Properties out = p.has(PropertyId.TOPIC_ALIAS) ? p.without(PropertyId.TOPIC_ALIAS) : p;
        if (out.subscriptionIdentifierCount() > 0) {
            out = out.toBuilder().clearSubscriptionIdentifiers().build();
        }
        return out;
    }
}
