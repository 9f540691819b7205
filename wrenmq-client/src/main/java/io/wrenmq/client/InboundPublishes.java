package io.wrenmq.client;

import io.netty.buffer.ByteBufUtil;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISHes from the server: topic alias resolution, delivery to the application and the QoS 1/2
 * acknowledgements. QoS 2 follows the spec's "method B" (section 4.3.3): deliver on the first PUBLISH,
 * remember its packet id until PUBREL, and do not deliver a PUBLISH with a remembered id again
 * [MQTT-4.3.3-9] - exactly once to the application, even across a resumed session. Event-loop confined.
 *
 * <p>Ownership: every PUBLISH handed to {@link #onPublish} is released here, whatever happens; the
 * application gets a private copy of the payload ({@link ReceivedMessage}), or, with a {@link PayloadListener},
 * the payload slice itself for the duration of the callback.
 */
final class InboundPublishes {
    private static final Logger LOG = LoggerFactory.getLogger(InboundPublishes.class);

    private final int receiveMaximum;
    private final Set<Integer> qos2AwaitingRelease = new HashSet<>();
    private volatile Consumer<ReceivedMessage> listener = m -> { };
    /** When set, takes the place of {@link #listener}: no payload copy, no ReceivedMessage. */
    private volatile PayloadListener payloadListener;

    InboundPublishes(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
    }

    void onMessage(Consumer<ReceivedMessage> listener) {
        this.listener = listener;
        this.payloadListener = null;
    }

    void onPayload(PayloadListener listener) {
        this.payloadListener = listener;
    }

    void onPublish(Connection c, Publish p) {
        try {
            String topic = resolveTopic(c, p);
            if (topic == null) {
                return;
            }
            switch (p.qos()) {
                case 0:
                    deliver(topic, p);
                    break;
                case 1:
                    deliver(topic, p);
                    c.send(new PubAck(p.packetId())); // after delivery: at least once [MQTT-4.3.2-4]
                    break;
                default:
                    if (qos2AwaitingRelease.add(p.packetId())) {
                        if (qos2AwaitingRelease.size() > receiveMaximum) {
                            // [MQTT-3.3.4-9]: more unacknowledged QoS 2 than our Receive Maximum.
                            c.protocolError(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than " + receiveMaximum
                                    + " QoS 2 messages in flight");
                            return;
                        }
                        deliver(topic, p);
                    } else {
                        LOG.debug("QoS 2 PUBLISH {} seen before PUBREL: acknowledged, not delivered again",
                                p.packetId());
                    }
                    c.send(new PubRec(p.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
            }
        } finally {
            p.release();
        }
    }

    void onPubRel(Connection c, PubRel rel) {
        boolean known = qos2AwaitingRelease.remove(rel.packetId());
        ReasonCode code = known || !c.version().isV5() ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
        c.send(new PubComp(rel.packetId(), code, Properties.EMPTY)); // [MQTT-4.3.3-11]
    }

    /** A new session: the server will not resend the QoS 2 messages we remember. */
    void clearSession() {
        qos2AwaitingRelease.clear();
    }

    /** The topic of a PUBLISH, resolving a Topic Alias; null after a protocol error closed the connection. */
    private static String resolveTopic(Connection c, Publish p) {
        Properties props = p.properties();
        if (!props.has(PropertyId.TOPIC_ALIAS)) {
            return p.topic();
        }
        int alias = props.getInt(PropertyId.TOPIC_ALIAS, 0);
        if (!c.inboundAliases.isValid(alias)) {
            c.protocolError(ReasonCode.TOPIC_ALIAS_INVALID, "Topic Alias " + alias
                    + " above our Topic Alias Maximum [MQTT-3.3.2-10]");
            return null;
        }
        if (!p.topic().isEmpty()) {
            c.inboundAliases.define(alias, p.topic());
            return p.topic();
        }
        String topic = c.inboundAliases.resolve(alias);
        if (topic == null) {
            c.protocolError(ReasonCode.PROTOCOL_ERROR, "Topic Alias " + alias + " used before it was defined "
                    + "(section 3.3.2.3.4)");
        }
        return topic;
    }

    private void deliver(String topic, Publish p) {
        PayloadListener raw = payloadListener;
        if (raw != null) {
            try {
                raw.onPayload(topic, p.payload(), p.qos(), p.retained(), p.dup());
            } catch (RuntimeException e) {
                LOG.warn("The payload callback failed on a message to {}", topic, e);
            }
            return;
        }
        Properties props = p.properties().has(PropertyId.TOPIC_ALIAS)
                ? p.properties().without(PropertyId.TOPIC_ALIAS) : p.properties();
        ReceivedMessage m = new ReceivedMessage(topic, ByteBufUtil.getBytes(p.payload()), p.qos(), p.retained(),
                p.dup(), props, props.subscriptionIdentifiers());
        try {
            listener.accept(m);
        } catch (RuntimeException e) {
            // The message counts as delivered: a failing callback must not stall the session with unacked ids.
            LOG.warn("The message callback failed on a message to {}", topic, e);
        }
    }
}
