package io.wrenmq.broker.protocol;

import io.wrenmq.broker.message.Message;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.Publish;

/** Builds the PUBLISH one subscriber receives: its QoS, packet id and flags, and its v5 properties. */
final class OutboundPublish {
    private OutboundPublish() {
    }

    static Publish build(MqttConnection c, Message m, int qos, boolean retain, int packetId, boolean dup,
            int[] subscriptionIds) {
        String topic = m.topic();
        Properties props = Properties.EMPTY;
        if (c.version.isV5()) {
            Properties base = m.properties();
            boolean expiring = m.expiryAtMillis() != 0;
            int alias = c.outboundAliases.aliasFor(topic);
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
