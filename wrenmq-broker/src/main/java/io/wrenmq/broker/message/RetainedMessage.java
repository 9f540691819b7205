package io.wrenmq.broker.message;

import io.wrenmq.codec.Properties;
import java.util.Objects;

/**
 * A retained message (MQTT 5 section 3.3.1.3).
 *
 * @param topic             the topic name
 * @param qos               the QoS it was published with
 * @param payload           a private copy owned by this record (retained messages must not pin network
 *                          buffers); not copied again here, so the caller must not keep or change the array
 * @param properties        the PUBLISH properties to deliver; the broker strips Topic Alias and Subscription
 *                          Identifiers before storing
 * @param storedAtMillis    when it was stored (to compute the remaining Message Expiry Interval on delivery,
 *                          [MQTT-3.3.2-6])
 * @param expiryAtMillis    when it expires; 0 means never
 * @param publisherClientId who published it
 */
public record RetainedMessage(String topic, int qos, byte[] payload, Properties properties, long storedAtMillis,
        long expiryAtMillis, String publisherClientId) {
    public RetainedMessage {
        Objects.requireNonNull(topic, "topic");
        payload = payload == null ? new byte[0] : payload;
        properties = properties == null ? Properties.EMPTY : properties;
    }

    /** Whether the Message Expiry Interval has passed at {@code nowMillis}. */
    public boolean isExpired(long nowMillis) {
        return expiryAtMillis != 0 && nowMillis >= expiryAtMillis;
    }

    @Override
    public String toString() {
        return "RetainedMessage[" + topic + ", qos " + qos + ", " + payload.length + " bytes, from "
                + publisherClientId + "]";
    }
}
