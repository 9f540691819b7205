package io.wrenmq.broker.api;

import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message published into the broker from inside the process ({@code WrenBroker.publish}): by the REST API, a
 * will, {@code $SYS}, an embedding application, later bridges and the rule engine. It takes the path of a client's
 * PUBLISH: retained store, Message Expiry Interval, routing to every matching subscription with its options, the
 * {@code message_publish} event, the "received" counters. Authorization is the caller's: the broker does not ask the
 * ACL for its own publications (a will is checked as its client before it gets here).
 *
 * <pre>{@code
 * broker.publish(Publication.of("plant/line1/alarm", "overheat").qos(1).retain(true)).join();
 * }</pre>
 *
 * <p>Immutable; each setter returns a copy. The payload array is not copied: do not change it afterwards.
 */
public final class Publication {
    /** The publisher id of publications that name none. */
    public static final String DEFAULT_PUBLISHER = "wrenmq-internal";

    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final Properties properties;
    private final String publisherId;
    private final String username;
    private final boolean system;

    private Publication(String topic, byte[] payload, int qos, boolean retain, Properties properties,
            String publisherId, String username, boolean system) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.properties = properties;
        this.publisherId = publisherId;
        this.username = username;
        this.system = system;
    }

    /**
     * A QoS 0, non-retained publication. The topic must be a valid topic NAME: not empty, no wildcards, no U+0000
     * [MQTT-3.3.2-2, MQTT-4.7.3-1]; otherwise {@link IllegalArgumentException}.
     */
    public static Publication of(String topic, byte[] payload) {
        Objects.requireNonNull(topic, "topic");
        String invalid = TopicSyntax.invalidNameReason(topic);
        if (invalid != null) {
            throw new IllegalArgumentException("invalid topic name " + topic + ": " + invalid);
        }
        return new Publication(topic, Objects.requireNonNull(payload, "payload"), 0, false, Properties.EMPTY,
                DEFAULT_PUBLISHER, null, false);
    }

    /** {@link #of(String, byte[])} with the text's UTF-8 bytes. */
    public static Publication of(String topic, String payload) {
        return of(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** QoS 0, 1 or 2: the highest QoS at which it is delivered (each subscription's granted QoS caps it). */
    public Publication qos(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + value);
        }
        return new Publication(topic, payload, value, retain, properties, publisherId, username, system);
    }

    /** Retained: replaces the topic's retained message (an empty payload removes it) [MQTT-3.3.1-5, MQTT-3.3.1-6]. */
    public Publication retain(boolean value) {
        return new Publication(topic, payload, qos, value, properties, publisherId, username, system);
    }

    /**
     * MQTT 5 PUBLISH properties passed to subscribers: User Properties, Content Type, Payload Format Indicator,
     * Response Topic, Correlation Data, Message Expiry Interval (honoured while queued). A Topic Alias or a
     * Subscription Identifier belongs to one connection and is refused.
     */
    public Publication properties(Properties value) {
        Objects.requireNonNull(value, "properties");
        if (value.has(PropertyId.TOPIC_ALIAS) || value.subscriptionIdentifierCount() > 0) {
            throw new IllegalArgumentException("a publication carries no Topic Alias and no Subscription Identifier");
        }
        return new Publication(topic, payload, qos, retain, value, publisherId, username, system);
    }

    /**
     * Who publishes it, as subscribers' No Local option, events and the REST API see it: a client id (a will names
     * its client; a bridge may name itself) and a username, or null.
     */
    public Publication publisher(String clientId, String username) {
        return new Publication(topic, payload, qos, retain, properties, Objects.requireNonNull(clientId, "clientId"),
                username, system);
    }

    /**
     * The broker's own status message ({@code $SYS}): routed and retained like any other, but not a "received"
     * message and no {@code message_publish} event (they would count and hook the broker talking to itself).
     */
    public Publication system() {
        return new Publication(topic, payload, qos, retain, properties, null, null, true);
    }

    public String topic() {
        return topic;
    }

    /** The payload (not a copy). */
    public byte[] payload() {
        return payload;
    }

    public int qos() {
        return qos;
    }

    public boolean isRetain() {
        return retain;
    }

    public Properties properties() {
        return properties;
    }

    /** The publisher's client id; null for {@link #system()} publications. */
    public String publisherId() {
        return publisherId;
    }

    public String username() {
        return username;
    }

    public boolean isSystem() {
        return system;
    }

    @Override
    public String toString() {
        return "Publication[" + topic + ", qos=" + qos + ", retain=" + retain + ", " + payload.length + " bytes]";
    }
}
