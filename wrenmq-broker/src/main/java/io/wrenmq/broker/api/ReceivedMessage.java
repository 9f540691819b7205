package io.wrenmq.broker.api;

import io.wrenmq.broker.message.Publisher;
import io.wrenmq.codec.Properties;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A message delivered to an in-process subscriber: what an MQTT client would receive in a PUBLISH (topic, payload,
 * the delivery's QoS, RETAIN as the subscription's options say, DUP for a resend after a restart, the properties and
 * the matching Subscription Identifiers), plus {@link #ack()}.
 */
public final class ReceivedMessage {
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final int publishedQos;
    private final boolean retain;
    private final boolean dup;
    private final Properties properties;
    private final Publisher publisher;
    private final Runnable acknowledge;
    private final Runnable safeElsewhere;
    private final AtomicBoolean acked = new AtomicBoolean();

    ReceivedMessage(String topic, byte[] payload, int qos, int publishedQos, boolean retain, boolean dup,
            Properties properties, Publisher publisher, Runnable acknowledge, Runnable safeElsewhere) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.publishedQos = publishedQos;
        this.retain = retain;
        this.dup = dup;
        this.properties = properties;
        this.publisher = publisher;
        this.acknowledge = acknowledge;
        this.safeElsewhere = safeElsewhere;
    }

    public String topic() {
        return topic;
    }

    /** The payload; this message's own copy. */
    public byte[] payload() {
        return payload;
    }

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public int qos() {
        return qos;
    }

    /**
     * The QoS the publisher sent it with; {@link #qos()} (the delivery's) is lower when the subscription's is. A
     * subscriber that only looks at messages (the rule engine) subscribes at QoS 0 and reads the original here.
     */
    public int publishedQos() {
        return publishedQos;
    }

    public boolean isRetain() {
        return retain;
    }

    /** True when it is sent again because it was in flight, not acknowledged, when the subscriber was last attached. */
    public boolean isDup() {
        return dup;
    }

    /** Who published it: client id, username and address where known (see {@link Publisher}). */
    public Publisher publisher() {
        return publisher;
    }

    /** The PUBLISH properties as a subscriber sees them (Message Expiry Interval = what is left of it). */
    public Properties properties() {
        return properties;
    }

    /**
     * Acknowledges a QoS 1/2 message (PUBACK, or PUBREC + PUBCOMP): the broker forgets it and may send the next one.
     * From any thread; once is enough (later calls do nothing); nothing to do at QoS 0. Until acknowledged, a message
     * of a persistent subscriber is delivered again (DUP) when it subscribes after a restart.
     */
    public void ack() {
        if (qos > 0 && acked.compareAndSet(false, true)) {
            acknowledge.run();
        }
    }

    /**
     * {@link #ack()}, saying in addition that the message is now kept safely elsewhere - a remote broker acknowledged
     * it (PUBACK/PUBCOMP). The broker may then acknowledge the message to its publisher without waiting for its own
     * store (when this subscriber was the message's only persistent one), so a bridge on a healthy link costs no disk
     * write. Only for an acknowledgement that really means "stored elsewhere"; otherwise use {@link #ack()}.
     */
    public void ackSafeElsewhere() {
        if (qos > 0 && acked.compareAndSet(false, true)) {
            safeElsewhere.run();
            acknowledge.run();
        }
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + topic + ", qos=" + qos + (retain ? ", retain" : "") + (dup ? ", dup" : "") + ", "
                + payload.length + " bytes]";
    }
}
