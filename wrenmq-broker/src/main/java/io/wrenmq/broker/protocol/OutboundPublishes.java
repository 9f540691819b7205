package io.wrenmq.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.session.OutboundFlow;
import io.wrenmq.broker.session.Session;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PUBLISH packets one subscriber receives and its acknowledgements of them: its QoS, packet id and flags, its v5
 * properties (remaining expiry, subscription identifiers, the topic aliases this connection assigns), within its
 * Maximum Packet Size; PUBACK, PUBREC and PUBCOMP go to the session's {@link OutboundFlow}. One per connection, used
 * on its event loop.
 */
final class OutboundPublishes {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundPublishes.class);
    private final Negotiated negotiated;
    private final PacketWriter out;
    private final ByteBufAllocator alloc;
    private final OutboundTopicAliases aliases;
    private final BrokerMetrics metrics;
    private ScheduledFuture<?> retries;

    OutboundPublishes(Negotiated negotiated, PacketWriter out, ByteBufAllocator alloc, BrokerMetrics metrics) {
        this.negotiated = negotiated;
        this.out = out;
        this.alloc = alloc;
        this.aliases = OutboundTopicAliases.upTo(negotiated.clientTopicAliasMaximum());
        this.metrics = metrics;
    }

    /**
     * Encodes and writes one PUBLISH of {@code m} (its payload shared, not copied). Returns false, without writing,
     * when the packet would exceed the client's Maximum Packet Size [MQTT-3.1.2-24, MQTT-3.1.2-25].
     */
    boolean write(Message m, int qos, boolean retain, int packetId, boolean dup, int[] subscriptionIds) {
        Publish p = build(m, qos, retain, packetId, dup, subscriptionIds);
        if (negotiated.clientMaximumPacketSize() != Long.MAX_VALUE
                && MqttEncoder.encodedSize(p, negotiated.version()) > negotiated.clientMaximumPacketSize()) {
            if (!p.topic().isEmpty() && p.properties().has(PropertyId.TOPIC_ALIAS)) {
                // the alias was assigned for this PUBLISH, which is not sent: the client must not see it used
                aliases.forgetNew(p.topic(), p.properties().getInt(PropertyId.TOPIC_ALIAS, 0));
            }
            return false;
        }
        ByteBuf header = MqttEncoder.encodePublishHeader(alloc, p, negotiated.version());
        metrics.publishSent.increment();
        metrics.messagesSent.increment();
        metrics.messagesSentByQos[qos].increment();
        out.writePublish(header, m.payload().retainedDuplicate());
        return true;
    }

    /**
     * MQTT 3.x: resends what the client of {@code c} left unacknowledged for {@code retryNanos}
     * ({@code mqtt.retry_interval}, 0 = never) with DUP set; MQTT 5 forbids resends within a connection [MQTT-4.4.0-1].
     */
    void startRetries(MqttConnection c, long retryNanos) {
        if (negotiated.version().isV5() || retryNanos <= 0) {
            return;
        }
        retries = c.channel().eventLoop().scheduleWithFixedDelay(() -> {
            Session s = c.session(); // null once taken over
            if (s != null) {
                s.outbound().retryUnacknowledged(retryNanos);
            }
        }, retryNanos, retryNanos, TimeUnit.NANOSECONDS);
    }

    void stopRetries() {
        MqttConnection.cancel(retries);
    }

    void onPubAck(OutboundFlow flow, PubAck ack) {
        if (!flow.onPubAck(ack.packetId())) {
            LOG.debug("PUBACK for unknown packet id {} from {}", ack.packetId(), negotiated.clientId());
        }
    }

    void onPubRec(OutboundFlow flow, PubRec rec) {
        if (!flow.onPubRec(rec.packetId(), rec.reasonCode().isError())) {
            // Answer so the client can finish its side of the flow [MQTT-4.3.3-...].
            out.write(new PubRel(rec.packetId(), negotiated.version().isV5() ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND
                    : ReasonCode.SUCCESS, Properties.EMPTY));
        }
    }

    void onPubComp(OutboundFlow flow, PubComp comp) {
        if (!flow.onPubComp(comp.packetId())) {
            LOG.debug("PUBCOMP for unknown packet id {} from {}", comp.packetId(), negotiated.clientId());
        }
    }

    private Publish build(Message m, int qos, boolean retain, int packetId, boolean dup, int[] subscriptionIds) {
        String topic = m.topic();
        Properties props = Properties.EMPTY;
        if (negotiated.version().isV5()) {
            Properties base = m.properties();
            boolean expiring = m.expiryAtMillis() != 0;
            int alias = aliases.aliasFor(topic);
            boolean hasIds = subscriptionIds != null && subscriptionIds.length > 0;
            if (expiring || alias != 0 || hasIds) {
                Properties.Builder b = base.toBuilder();
                if (expiring) {
                    // The interval still left, not the one the publisher sent [MQTT-3.3.2-6].
                    b.put(PropertyId.MESSAGE_EXPIRY_INTERVAL, m.remainingExpirySeconds(System.currentTimeMillis()));
                }
                if (hasIds) {
                    for (int id : subscriptionIds) {
                        b.addSubscriptionIdentifier(id);
                    }
                }
                if (alias > 0) {
                    b.put(PropertyId.TOPIC_ALIAS, alias);
                    topic = ""; // the client knows this alias: send it instead of the topic [MQTT-3.3.2-...]
                } else if (alias < 0) {
                    b.put(PropertyId.TOPIC_ALIAS, -alias); // first use: topic and alias together
                }
                props = b.build();
            } else {
                props = base;
            }
        }
        return new Publish(dup, qos, retain, topic, packetId, props, m.payload());
    }
}
