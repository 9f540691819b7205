package io.wrenmq.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.wrenmq.broker.protocol.BrokerContext;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.message.Publisher;
import io.wrenmq.broker.limits.InboundLimits;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.session.InboundQos2;
import io.wrenmq.broker.session.Session;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.broker.auth.AclAction;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.broker.auth.ClientIdentity;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH packets from the client: limits, topic aliases, payload format, then routing and the QoS 1/2
 * acknowledgements, with exactly-once for QoS 2 (a resent PUBLISH whose packet id still awaits PUBREL is
 * acknowledged but not routed again [MQTT-4.3.3-10]).
 */
final class InboundPublishes {
    private static final Logger LOG = LoggerFactory.getLogger(InboundPublishes.class);
    private final MqttConnection c;
    private final Negotiated n;
    private final BrokerContext broker;
    private final ProtocolSettings config;
    private final PacketWriter out;
    private final AckSequencer acks;
    private final InboundTopicAliases aliases;
    /** max_topic_levels and the publish rate; null when neither is configured. */
    private final InboundLimits limits;
    private ClientIdentity publisherOf; // the identity the cached publisher was made from (it changes on re-auth)
    private Publisher publisher;

    /** For the connection {@code c}, once its CONNECT is accepted (its writer and limits exist). */
    InboundPublishes(MqttConnection c, Negotiated n) {
        this.c = c;
        this.n = n;
        this.broker = c.broker();
        this.config = broker.config();
        this.out = c.writer();
        this.acks = c.acks();
        this.aliases = new InboundTopicAliases(n.topicAliasMaximum());
        this.limits = c.inboundLimits();
    }

    void onPublish(Publish p) {
        try {
            handle(p);
        } finally {
            p.release(); // the decoder's reference; routing took its own
        }
    }

    private void handle(Publish p) {
        BrokerMetrics metrics = broker.metrics();
        metrics.publishReceived.increment();
        metrics.messagesReceived.increment();
        if (p.qos() > config.maxQos()) {
            c.close(ReasonCode.QOS_NOT_SUPPORTED, "QoS " + p.qos() + " above Maximum QoS [MQTT-3.2.2-11]");
            return;
        }
        metrics.messagesReceivedByQos[p.qos()].increment(); // the decoder refused QoS 3 [MQTT-3.3.1-4]
        if (p.retained() && !config.retainAvailable()) {
            c.close(ReasonCode.RETAIN_NOT_SUPPORTED, "retain is not available [MQTT-3.2.2-14]");
            return;
        }
        Properties props = p.properties();
        String topic = resolveTopic(p);
        if (topic == null) {
            return;
        }
        if (limits != null && !limitsAllow(topic, p)) {
            return;
        }
        if (props.subscriptionIdentifierCount() > 0) {
            c.close(ReasonCode.PROTOCOL_ERROR, "a client PUBLISH must not carry a Subscription Identifier");
            return;
        }
        if (topic.startsWith("$SYS")) {
            // $SYS is the broker's own tree: clients may not publish into it.
            ack(p.packetId(), p.qos(), ReasonCode.NOT_AUTHORIZED);
            return;
        }
        if (props.getInt(PropertyId.PAYLOAD_FORMAT_INDICATOR, 0) == 1 && !isUtf8(p.payload())) {
            // The payload says it is UTF-8 but is not [MQTT-3.3.2-4]: PUBACK/PUBREC 0x99, or DISCONNECT for QoS 0.
            if (p.qos() == 0) {
                c.close(ReasonCode.PAYLOAD_FORMAT_INVALID, "payload is not valid UTF-8");
            } else {
                ack(p.packetId(), p.qos(), ReasonCode.PAYLOAD_FORMAT_INVALID);
            }
            return;
        }
        if (broker.access().enabled()) {
            authorizeThenAccept(p, topic);
            return;
        }
        accept(p, topic);
    }

    /**
     * Asks the ACL; an asynchronous answer holds this client's input meanwhile (the PUBLISH keeps its payload
     * until then). Denied: v5 PUBACK/PUBREC 0x87, v3 acknowledged as usual (3.1.1 has no negative acknowledgement)
     * but not routed, QoS 0 dropped; or, with auth.deny_action = disconnect, DISCONNECT 0x87 and close.
     */
    private void authorizeThenAccept(Publish p, String topic) {
        CompletableFuture<AclDecision> decision = broker.access().check(c.session(), AclAction.PUBLISH, topic);
        boolean waits = !decision.isDone();
        if (waits) {
            p.retain(); // onPublish releases the decoder's reference before the decision arrives
        }
        c.aclGate().whenDecided(decision, d -> {
            try {
                if (d == AclDecision.ALLOW) {
                    accept(p, topic);
                } else {
                    denied(p, topic);
                }
            } finally {
                if (waits) {
                    p.release();
                }
            }
        }, waits ? p::release : null);
    }

    private void denied(Publish p, String topic) {
        LOG.debug("PUBLISH of {} to {} denied by the ACL", n.clientId(), topic);
        if (broker.access().disconnectOnDeny()) {
            c.close(ReasonCode.NOT_AUTHORIZED, "not authorized to publish to " + topic
                    + " (auth.deny_action = disconnect)");
            return;
        }
        ack(p.packetId(), p.qos(), ReasonCode.NOT_AUTHORIZED); // v3: sendAck writes SUCCESS
    }

    /** The PUBLISH passed every check: exactly-once bookkeeping, routing, acknowledgement. */
    private void accept(Publish p, String topic) {
        Properties props = p.properties();
        CompletableFuture<Void> idStored = null;
        if (p.qos() == 2) {
            InboundQos2 qos2 = c.session().inboundQos2();
            if (!qos2.mark(p.packetId())) {
                ack(p.packetId(), 2, ReasonCode.SUCCESS); // duplicate of a message already routed: acknowledge only
                return;
            }
            if (qos2.count() > config.receiveMaximum()) {
                qos2.release(p.packetId());
                c.close(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more QoS 2 messages in flight than Receive Maximum");
                return;
            }
            // Stored before routing, so the PUBREC that waits for the message's commit covers the id as well.
            idStored = qos2.store(p.packetId());
        }
        long expiryAt = Message.expiryAtMillis(props, System::currentTimeMillis);
        if (props.has(PropertyId.TOPIC_ALIAS)) {
            props = props.without(PropertyId.TOPIC_ALIAS); // aliases belong to one connection [MQTT-3.3.2-10]
        }
        Message m = new Message(topic, p.qos(), p.retained(), props, p.payload().retain(), n.clientId(), expiryAt)
                .publisher(publisher());
        int delivered;
        try {
            // The message_publish event and routing; a full QoS 1/2 subscriber queue pauses this connection's reads.
            delivered = broker.router().publish(m, c.identity().username(), c);
        } finally {
            m.release();
        }
        if (p.qos() > 0) {
            ReasonCode rc = delivered == 0 && n.version().isV5() ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
            int packetId = p.packetId();
            int qos = p.qos();
            // The acknowledgement promises durability: it waits until the store committed the message [DESIGN.md].
            acks.send(both(m.storeCommit(), idStored), () -> sendAck(packetId, qos, rc),
                    () -> storeFailed(packetId, qos));
        }
    }

    /**
     * mqtt.max_topic_levels and the publish rate: a topic that is too deep ends the connection with 0x90 Topic
     * Name invalid, as EMQX does (v3: closed); a publisher over its rate is charged and paused, never refused.
     */
    private boolean limitsAllow(String topic, Publish p) {
        if (!limits.topicAllowed(topic)) {
            c.close(ReasonCode.TOPIC_NAME_INVALID, "topic has more levels than mqtt.max_topic_levels ("
                    + config.limits().maxTopicLevels() + ")");
            return false;
        }
        limits.charged(p.payload().readableBytes());
        return true;
    }

    private static CompletableFuture<Void> both(CompletableFuture<Void> a, CompletableFuture<Void> b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : CompletableFuture.allOf(a, b);
    }

    /**
     * The store could not keep the message (disk full, I/O error): never acknowledge it as if it were safe. An
     * MQTT 5 client gets 0x97 Quota exceeded; MQTT 3 has no negative acknowledgement, so the connection is closed
     * and the client resends after reconnecting. Online subscribers may already have it (at least once).
     */
    /** Who publishes on this connection: made once per identity, not per message. */
    private Publisher publisher() {
        ClientIdentity id = c.identity();
        if (id != publisherOf) {
            publisherOf = id;
            publisher = new Publisher(n.clientId(), id.username(),
                    id.address() == null ? null : id.address().getHostAddress());
        }
        return publisher;
    }

    private void storeFailed(int packetId, int qos) {
        broker.metrics().publishesRefusedStoreFailure.increment();
        if (n.version().isV5()) {
            sendAck(packetId, qos, ReasonCode.QUOTA_EXCEEDED);
        } else {
            c.close(ReasonCode.UNSPECIFIED_ERROR, "the message store failed: not acknowledging packet "
                    + packetId);
        }
    }

    /** The topic of the PUBLISH after topic alias handling, or null when the connection was closed. */
    private String resolveTopic(Publish p) {
        String topic = p.topic();
        int alias = p.properties().getInt(PropertyId.TOPIC_ALIAS, 0);
        if (alias == 0 && p.properties().has(PropertyId.TOPIC_ALIAS) || alias != 0 && !aliases.inRange(alias)) {
            c.close(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias + " outside 1.."
                    + aliases.maximum() + " [MQTT-3.3.2-8, MQTT-3.3.2-9]");
            return null;
        }
        if (alias != 0) {
            if (!topic.isEmpty()) {
                aliases.set(alias, topic);
            } else {
                topic = aliases.get(alias);
                if (topic == null) {
                    c.close(ReasonCode.PROTOCOL_ERROR, "unknown topic alias " + alias);
                    return null;
                }
            }
        }
        if (topic.isEmpty()) {
            c.close(ReasonCode.PROTOCOL_ERROR, "empty topic without a topic alias [MQTT-3.3.2-1]");
            return null;
        }
        if (TopicSyntax.hasWildcard(topic)) {
            c.close(ReasonCode.TOPIC_NAME_INVALID, "wildcard in a topic name [MQTT-3.3.2-2]");
            return null;
        }
        return topic;
    }

    /** Acknowledges in order behind any acknowledgement still waiting for the store. */
    private void ack(int packetId, int qos, ReasonCode reason) {
        if (qos > 0) {
            acks.send(null, () -> sendAck(packetId, qos, reason), null);
        }
    }

    private void sendAck(int packetId, int qos, ReasonCode reason) {
        if (qos == 1) {
            out.write(new PubAck(packetId, n.version().isV5() ? reason : ReasonCode.SUCCESS, Properties.EMPTY));
        } else if (qos == 2) {
            Session session = c.session(); // null once taken over: the new connection owns it
            if (reason.isError() && session != null) {
                session.inboundQos2().release(packetId); // a failed PUBREC ends the flow
                session.inboundQos2().unstore(packetId);
            }
            out.write(new PubRec(packetId, n.version().isV5() ? reason : ReasonCode.SUCCESS, Properties.EMPTY));
        }
    }

    void onPubRel(PubRel rel) {
        int packetId = rel.packetId();
        InboundQos2 qos2 = c.session().inboundQos2();
        boolean known = qos2.release(packetId);
        ReasonCode rc = known || !n.version().isV5() ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
        // PUBCOMP lets the client reuse the id, so the stored id must be gone first: a restart that still knew it
        // would take the next message with that id for a resend and drop it.
        CompletableFuture<Void> removed = known ? qos2.unstore(packetId) : null;
        acks.send(removed, () -> out.write(new PubComp(packetId, rc, Properties.EMPTY)), // [MQTT-4.3.3-11]
                () -> c.close(ReasonCode.UNSPECIFIED_ERROR, "the message store failed: PUBREL " + packetId
                        + " not completed; the client resends it after reconnecting"));
    }

    private static boolean isUtf8(ByteBuf payload) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(payload.nioBuffer());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
