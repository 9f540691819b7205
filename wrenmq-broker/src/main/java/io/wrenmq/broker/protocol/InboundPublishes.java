package io.wrenmq.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.wrenmq.broker.delivery.Message;
import io.wrenmq.broker.metrics.BrokerMetrics;
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
import java.nio.charset.CodingErrorAction;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;

/**
 * PUBLISH packets from the client: limits, topic aliases, payload format, then routing and the QoS 1/2
 * acknowledgements, with exactly-once for QoS 2 (a resent PUBLISH whose packet id still awaits PUBREL is
 * acknowledged but not routed again [MQTT-4.3.3-10]).
 */
final class InboundPublishes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InboundPublishes.class);
    private final MqttConnection c;

    InboundPublishes(MqttConnection c) {
        this.c = c;
    }

    void onPublish(Publish p) {
        try {
            handle(p);
        } finally {
            p.release(); // the decoder's reference; routing took its own
        }
    }

    private void handle(Publish p) {
        BrokerMetrics metrics = c.broker.metrics();
        metrics.publishReceived.increment();
        metrics.messagesReceived.increment();
        if (p.qos() > c.config.maxQos()) {
            c.protocolError(ReasonCode.QOS_NOT_SUPPORTED, "QoS " + p.qos() + " above Maximum QoS [MQTT-3.2.2-11]");
            return;
        }
        metrics.messagesReceivedByQos[p.qos()].increment(); // the decoder refused QoS 3 [MQTT-3.3.1-4]
        if (p.retained() && !c.config.retainAvailable()) {
            c.protocolError(ReasonCode.RETAIN_NOT_SUPPORTED, "retain is not available [MQTT-3.2.2-14]");
            return;
        }
        Properties props = p.properties();
        String topic = resolveTopic(p);
        if (topic == null) {
            return;
        }
        if (c.inboundLimits != null && !limitsAllow(topic, p)) {
            return;
        }
        if (props.subscriptionIdentifierCount() > 0) {
            c.protocolError(ReasonCode.PROTOCOL_ERROR, "a client PUBLISH must not carry a Subscription Identifier");
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
                c.protocolError(ReasonCode.PAYLOAD_FORMAT_INVALID, "payload is not valid UTF-8");
            } else {
                ack(p.packetId(), p.qos(), ReasonCode.PAYLOAD_FORMAT_INVALID);
            }
            return;
        }
        if (c.broker.access().enabled()) {
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
        CompletableFuture<AclDecision> decision = c.broker.access().check(c.session, AclAction.PUBLISH, topic);
        boolean waits = !decision.isDone();
        if (waits) {
            p.retain(); // onPublish releases the decoder's reference before the decision arrives
        }
        c.aclGate.whenDecided(decision, d -> {
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
        LOG.debug("PUBLISH of {} to {} denied by the ACL", c.clientId, topic);
        if (c.broker.access().disconnectOnDeny()) {
            LOG.info("Closing {} ({}): not authorized to publish to {} (auth.deny_action = disconnect)", c.clientId,
                    c.remoteAddress(), topic);
            c.disconnectWith(ReasonCode.NOT_AUTHORIZED, "not authorized to publish to " + topic);
            return;
        }
        ack(p.packetId(), p.qos(), ReasonCode.NOT_AUTHORIZED); // v3: sendAck writes SUCCESS
    }

    /** The PUBLISH passed every check: exactly-once bookkeeping, routing, acknowledgement. */
    private void accept(Publish p, String topic) {
        Properties props = p.properties();
        if (p.qos() == 2 && !c.session.inboundQos2().mark(p.packetId())) {
            ack(p.packetId(), 2, ReasonCode.SUCCESS); // duplicate of a message already routed: acknowledge only
            return;
        }
        if (p.qos() == 2 && c.session.inboundQos2().count() > c.config.receiveMaximum()) {
            c.session.inboundQos2().release(p.packetId());
            c.protocolError(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more QoS 2 messages in flight than Receive Maximum");
            return;
        }
        // Stored before routing, so the PUBREC that waits for the message's commit covers the id as well.
        CompletableFuture<Void> idStored = p.qos() == 2 ? c.session.inboundQos2().store(p.packetId()) : null;
        long expiryAt = Message.expiryAtMillis(props, System.currentTimeMillis());
        if (props.has(PropertyId.TOPIC_ALIAS)) {
            props = props.without(PropertyId.TOPIC_ALIAS); // aliases belong to one connection [MQTT-3.3.2-10]
        }
        Message m = new Message(topic, p.qos(), p.retained(), props, p.payload().retain(), c.clientId, expiryAt);
        int delivered;
        try {
            // The message_publish event and routing; a full QoS 1/2 subscriber queue pauses this connection's reads.
            delivered = c.broker.router().publish(m, c.identity().username(), c);
        } finally {
            m.release();
        }
        if (p.qos() > 0) {
            ReasonCode rc = delivered == 0 && c.version.isV5() ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
            int packetId = p.packetId();
            int qos = p.qos();
            // The acknowledgement promises durability: it waits until the store committed the message [DESIGN.md].
            c.acks.send(both(m.storeCommit(), idStored), () -> sendAck(packetId, qos, rc),
                    () -> storeFailed(packetId, qos));
        }
    }

    /**
     * mqtt.max_topic_levels and the publish rate: a topic that is too deep ends the connection with 0x90 Topic
     * Name invalid, as EMQX does (v3: closed); a publisher over its rate is charged and paused, never refused.
     */
    private boolean limitsAllow(String topic, Publish p) {
        if (!c.inboundLimits.topicAllowed(topic)) {
            c.protocolError(ReasonCode.TOPIC_NAME_INVALID, "topic has more levels than mqtt.max_topic_levels ("
                    + c.config.limits().maxTopicLevels() + ")");
            return false;
        }
        c.inboundLimits.charged(p.payload().readableBytes());
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
    private void storeFailed(int packetId, int qos) {
        c.broker.metrics().publishesRefusedStoreFailure.increment();
        if (c.version.isV5()) {
            sendAck(packetId, qos, ReasonCode.QUOTA_EXCEEDED);
        } else {
            c.protocolError(ReasonCode.UNSPECIFIED_ERROR, "the message store failed: not acknowledging packet "
                    + packetId);
        }
    }

    /** The topic of the PUBLISH after topic alias handling, or null when the connection was closed. */
    private String resolveTopic(Publish p) {
        String topic = p.topic();
        int alias = p.properties().getInt(PropertyId.TOPIC_ALIAS, 0);
        if (alias == 0 && p.properties().has(PropertyId.TOPIC_ALIAS) || alias != 0 && !c.inboundAliases.inRange(alias)) {
            c.protocolError(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias + " outside 1.."
                    + c.inboundAliases.maximum() + " [MQTT-3.3.2-8, MQTT-3.3.2-9]");
            return null;
        }
        if (alias != 0) {
            if (!topic.isEmpty()) {
                c.inboundAliases.set(alias, topic);
            } else {
                topic = c.inboundAliases.get(alias);
                if (topic == null) {
                    c.protocolError(ReasonCode.PROTOCOL_ERROR, "unknown topic alias " + alias);
                    return null;
                }
            }
        }
        if (topic.isEmpty()) {
            c.protocolError(ReasonCode.PROTOCOL_ERROR, "empty topic without a topic alias [MQTT-3.3.2-1]");
            return null;
        }
        if (TopicSyntax.hasWildcard(topic)) {
            c.protocolError(ReasonCode.TOPIC_NAME_INVALID, "wildcard in a topic name [MQTT-3.3.2-2]");
            return null;
        }
        return topic;
    }

    /** Acknowledges in order behind any acknowledgement still waiting for the store. */
    private void ack(int packetId, int qos, ReasonCode reason) {
        if (qos > 0) {
            c.acks.send(null, () -> sendAck(packetId, qos, reason), null);
        }
    }

    private void sendAck(int packetId, int qos, ReasonCode reason) {
        if (qos == 1) {
            c.write(new PubAck(packetId, c.version.isV5() ? reason : ReasonCode.SUCCESS, Properties.EMPTY));
        } else if (qos == 2) {
            if (reason.isError() && c.session != null) {
                c.session.inboundQos2().release(packetId); // a failed PUBREC ends the flow
                c.session.inboundQos2().unstore(packetId);
            }
            c.write(new PubRec(packetId, c.version.isV5() ? reason : ReasonCode.SUCCESS, Properties.EMPTY));
        }
    }

    void onPubRel(PubRel rel) {
        int packetId = rel.packetId();
        boolean known = c.session.inboundQos2().release(packetId);
        ReasonCode rc = known || !c.version.isV5() ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
        // PUBCOMP lets the client reuse the id, so the stored id must be gone first: a restart that still knew it
        // would take the next message with that id for a resend and drop it.
        CompletableFuture<Void> removed = known ? c.session.inboundQos2().unstore(packetId) : null;
        c.acks.send(removed, () -> c.write(new PubComp(packetId, rc, Properties.EMPTY)), // [MQTT-4.3.3-11]
                () -> c.protocolError(ReasonCode.UNSPECIFIED_ERROR, "the message store failed: PUBREL " + packetId
                        + " not completed; the client resends it after reconnecting"));
    }

    private static boolean isUtf8(ByteBuf payload) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(payload.nioBuffer());
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
