package io.wrenmq.client;

import io.wrenmq.codec.Properties;
import java.nio.charset.StandardCharsets;

/**
 * An application message the server delivered. The payload is a private copy, so the message may be kept
 * after the callback returns and nothing needs releasing. {@code properties} are the PUBLISH properties
 * (User Properties, Content Type, Response Topic...) without the Topic Alias, which we resolve into
 * {@code topic}; {@code subscriptionIds} are the Subscription Identifiers of the matching subscriptions
 * (MQTT 5, section 3.3.2.3.8), empty otherwise.
 */
public record ReceivedMessage(String topic, byte[] payload, int qos, boolean retain, boolean dup,
        Properties properties, int[] subscriptionIds) {

    /** The payload decoded as UTF-8 (convenient for text messages and tests). */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", dup=" + dup
                + ", payload=" + payload.length + " bytes, properties=" + properties + "]";
    }
}
