package io.wrenmq.broker.message;

import io.wrenmq.broker.store.Store;
import io.wrenmq.codec.Properties;
import java.util.Objects;

/**
 * An application message kept for persistent sessions, stored once however many sessions it goes to.
 *
 * @param id                from {@link Store#nextMessageId()}
 * @param topic             the topic name
 * @param qos               the QoS it was published with
 * @param retain            the RETAIN flag it was published with
 * @param properties        the PUBLISH properties to deliver (no Topic Alias, no Subscription Identifier)
 * @param payload           a private copy of the payload
 * @param publisherClientId the publisher's client id, or null for the broker's own messages
 * @param expiryAtMillis    when the Message Expiry Interval ends, 0 for never
 */
public record StoredMessage(long id, String topic, int qos, boolean retain, Properties properties, byte[] payload,
        String publisherClientId, long expiryAtMillis) {
    public StoredMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        properties = properties == null ? Properties.EMPTY : properties;
    }
}
