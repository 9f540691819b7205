package io.wrenmq.client;

import io.netty.channel.ChannelFuture;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our PUBLISHes: the bounded queue of those waiting (for a connection, or for room under the server's
 * Receive Maximum [MQTT-3.3.4-7]) and the in-flight QoS 1/2 exchanges, in the order they were sent, until
 * PUBACK or PUBCOMP completes them. Event-loop confined.
 *
 * <p>Server limits applied when a message is first sent: a QoS above the server's Maximum QoS is lowered to
 * it [MQTT-3.2.2-11] (the result's {@code qos} shows it; we downgrade rather than fail, as the broker does for
 * subscriptions, because a bridge usually prefers delivery at a lower QoS to none); RETAIN where Retain
 * Available is 0 fails [MQTT-3.2.2-14]; a packet above the server's Maximum Packet Size fails [MQTT-3.1.2-24].
 */
final class OutboundPublishes {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundPublishes.class);

    private final PacketIds packetIds;
    private final int maxQueued;
    private final int maxInflight;
    private final ArrayDeque<OutboundMessage> waiting = new ArrayDeque<>();
    private final Map<Integer, OutboundMessage> inflight = new LinkedHashMap<>();

    OutboundPublishes(PacketIds packetIds, int maxQueued, int maxInflight) {
        this.packetIds = packetIds;
        this.maxQueued = maxQueued;
        this.maxInflight = maxInflight;
    }

    int inflightCount() {
        return inflight.size();
    }

    int waitingCount() {
        return waiting.size();
    }

    /** A new publish: out now when the connection and the window allow, else queued (or failed when full). */
    void submit(Connection c, OutboundMessage m) {
        if (c != null && waiting.isEmpty() && hasRoom(c, m)) {
            send(c, m);
        } else if (waiting.size() >= maxQueued) {
            m.fail(new MqttClientException("Publish queue full: " + maxQueued + " publishes already wait for "
                    + (c == null ? "the connection" : "acknowledgements")));
        } else {
            waiting.add(m);
        }
    }

    private boolean hasRoom(Connection c, OutboundMessage m) {
        return m.qos == 0 || Math.min(maxInflight, c.limits.receiveMaximum()) > inflight.size();
    }

    /** Sends waiting messages, in order, while the window has room. */
    void drain(Connection c) {
        while (!waiting.isEmpty() && c.isConnected() && hasRoom(c, waiting.peek())) {
            send(c, waiting.poll());
        }
    }

    private void send(Connection c, OutboundMessage m) {
        ServerLimits limits = c.limits;
        if (!m.sent) {
            if (m.qos > limits.maximumQos()) {
                m.qos = limits.maximumQos();
            }
            if (m.retain && !limits.retainAvailable()) {
                m.fail(new MqttClientException("The server does not support retained messages (Retain Available "
                        + "is 0) [MQTT-3.2.2-14]", ReasonCode.RETAIN_NOT_SUPPORTED, null));
                return;
            }
        }
        if (m.qos > 0 && m.packetId == 0) {
            int id = packetIds.allocate();
            if (id == 0) {
                m.fail(new MqttClientException("No free packet identifier: 65535 exchanges in flight"));
                return;
            }
            m.packetId = id;
        }
        if (!writePublish(c, m)) {
            return;
        }
        if (m.qos > 0) {
            inflight.put(m.packetId, m);
        }
    }

    /** Writes the PUBLISH (with a topic alias where one applies); false when it was failed instead. */
    private boolean writePublish(Connection c, OutboundMessage m) {
        int alias = c.outboundAliases.aliasFor(m.topic);
        Publish p;
        if (alias == 0) {
            p = m.toPublish(m.topic, m.properties);
        } else {
            // A new alias goes out with the topic name, a known one with an empty topic (section 3.3.2.3.4).
            Properties props = m.properties.toBuilder().put(PropertyId.TOPIC_ALIAS, Math.abs(alias)).build();
            p = m.toPublish(alias < 0 ? m.topic : "", props);
        }
        int size = MqttEncoder.encodedSize(p, c.version());
        if (size > c.limits.maximumPacketSize()) {
            if (alias < 0) {
                c.outboundAliases.forgetNew(m.topic, -alias);
            }
            packetIds.release(m.packetId);
            m.packetId = 0;
            m.fail(new MqttClientException("PUBLISH of " + size + " bytes exceeds the server's Maximum Packet Size of "
                    + c.limits.maximumPacketSize() + " bytes [MQTT-3.1.2-24]", ReasonCode.PACKET_TOO_LARGE, null));
            return false;
        }
        m.sent = true;
        if (m.qos == 0) {
            c.write(p).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    m.complete(PublishResult.QOS0_SENT);
                } else {
                    m.fail(new MqttClientException("PUBLISH not sent: " + f.cause().getMessage(), f.cause()));
                }
            });
        } else {
            c.send(p);
        }
        return true;
    }

    void onPubAck(Connection c, PubAck ack) {
        OutboundMessage m = inflight.get(ack.packetId());
        if (m == null || m.qos != 1) {
            LOG.debug("PUBACK for unknown packet id {} ignored", ack.packetId());
            return;
        }
        finish(m, new PublishResult(1, ack.reasonCode(), ack.properties()));
        drain(c);
    }

    void onPubRec(Connection c, PubRec rec) {
        OutboundMessage m = inflight.get(rec.packetId());
        if (m == null || m.qos != 2) {
            // Still answer, so that the server can end its side of the exchange (section 4.3.3).
            c.send(new PubRel(rec.packetId(), c.version().isV5() ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND
                    : ReasonCode.SUCCESS, Properties.EMPTY));
            return;
        }
        if (rec.reasonCode().isError()) {
            // A PUBREC with an error code ends the exchange: no PUBREL follows (section 4.3.3).
            finish(m, new PublishResult(2, rec.reasonCode(), rec.properties()));
            drain(c);
            return;
        }
        m.released = true;
        c.send(new PubRel(m.packetId, ReasonCode.SUCCESS, Properties.EMPTY)); // [MQTT-4.3.3-4]
    }

    void onPubComp(Connection c, PubComp comp) {
        OutboundMessage m = inflight.get(comp.packetId());
        if (m == null || !m.released) {
            LOG.debug("PUBCOMP for unknown packet id {} ignored", comp.packetId());
            return;
        }
        finish(m, new PublishResult(2, comp.reasonCode(), comp.properties()));
        drain(c);
    }

    private void finish(OutboundMessage m, PublishResult result) {
        inflight.remove(m.packetId);
        packetIds.release(m.packetId);
        m.complete(result);
    }

    /** The server resumed our session: resend every unfinished exchange with its original id [MQTT-4.4.0-1]. */
    void resend(Connection c) {
        for (OutboundMessage m : new ArrayList<>(inflight.values())) {
            int id = m.packetId;
            if (m.released) {
                c.send(new PubRel(id, ReasonCode.SUCCESS, Properties.EMPTY));
            } else if (!writePublish(c, m)) {
                inflight.remove(id); // too large for the new connection's limit: failed
            }
        }
    }

    /**
     * The server has no session for us, so it knows none of our packet ids. A message whose PUBREC arrived
     * was received by the server: it completes. The others go out again as new messages, ahead of the queue
     * (which may thus deliver a QoS 1/2 message twice: the old session that could have told is gone).
     */
    void sessionLost() {
        List<OutboundMessage> again = new ArrayList<>();
        for (OutboundMessage m : inflight.values()) {
            packetIds.release(m.packetId);
            if (m.released) {
                m.complete(new PublishResult(2, ReasonCode.SUCCESS, Properties.EMPTY));
            } else {
                m.packetId = 0;
                m.sent = false;
                again.add(m);
            }
        }
        inflight.clear();
        for (int i = again.size() - 1; i >= 0; i--) {
            waiting.addFirst(again.get(i));
        }
    }

    void failAll(MqttClientException reason) {
        for (OutboundMessage m : inflight.values()) {
            packetIds.release(m.packetId);
            m.fail(reason);
        }
        inflight.clear();
        OutboundMessage m;
        while ((m = waiting.poll()) != null) {
            m.fail(reason);
        }
    }
}
