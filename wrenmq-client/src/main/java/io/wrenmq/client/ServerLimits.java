package io.wrenmq.client;

import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;

/**
 * What the server's CONNACK allows us on this connection (section 3.2.2.3). Absent properties mean the
 * spec's defaults; MQTT 3.x servers announce nothing, so they get the defaults as well.
 *
 * @param receiveMaximum unacknowledged QoS 1/2 PUBLISHes we may have towards the server [MQTT-3.3.4-7]
 * @param maximumQos highest QoS we may publish with [MQTT-3.2.2-11]
 * @param retainAvailable whether we may set RETAIN [MQTT-3.2.2-14]
 * @param maximumPacketSize largest packet we may send [MQTT-3.1.2-24 mirrored by 3.2.2.3.6]
 * @param topicAliasMaximum highest Topic Alias we may send [MQTT-3.2.2-17]
 * @param serverKeepAlive Server Keep Alive in seconds, or -1 when the server keeps ours [MQTT-3.2.2-21]
 */
record ServerLimits(int receiveMaximum, int maximumQos, boolean retainAvailable, long maximumPacketSize,
        int topicAliasMaximum, int serverKeepAlive) {

    static ServerLimits of(Properties p) {
        return new ServerLimits(p.getInt(PropertyId.RECEIVE_MAXIMUM, 65535), p.getInt(PropertyId.MAXIMUM_QOS, 2),
                p.getInt(PropertyId.RETAIN_AVAILABLE, 1) == 1,
                p.getLong(PropertyId.MAXIMUM_PACKET_SIZE, Long.MAX_VALUE),
                p.getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0), p.getInt(PropertyId.SERVER_KEEP_ALIVE, -1));
    }
}
