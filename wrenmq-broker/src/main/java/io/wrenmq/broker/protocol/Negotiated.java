package io.wrenmq.broker.protocol;

import io.wrenmq.codec.MqttVersion;

/**
 * What a client's CONNECT and the broker settled for one connection (sections 3.1.2 and 3.2.2): fixed when the
 * broker accepts the CONNECT, read by every helper of the connection from then on, changed by none.
 *
 * @param version                   the protocol level the client speaks
 * @param clientId                  the client id in force: the CONNECT's, the certificate's (peer_cert_as_clientid),
 *                                  or one the broker assigned [MQTT-3.1.3-6]
 * @param cleanStart                the CONNECT's Clean Start (v3: Clean Session) flag
 * @param keepAliveSeconds          the keep alive in force: the client's, or the Server Keep Alive the broker set
 *                                  [MQTT-3.2.2-21]
 * @param sessionExpiryAtConnect    the Session Expiry Interval granted at CONNECT (DISCONNECT may not raise it from 0
 *                                  [MQTT-3.14.2-2])
 * @param requestProblemInformation whether a v5 client wants Reason Strings (Request Problem Information)
 * @param clientReceiveMaximum      how many QoS 1/2 PUBLISH the client accepts unacknowledged [MQTT-3.3.4-7]
 * @param clientMaximumPacketSize   the largest packet the client accepts, Long.MAX_VALUE for no limit [MQTT-3.1.2-24]
 * @param clientTopicAliasMaximum   how many topic aliases the broker may set on PUBLISH packets to the client
 * @param topicAliasMaximum         how many topic aliases the client may set (the broker's mqtt.topic_alias_maximum)
 */
record Negotiated(MqttVersion version, String clientId, boolean cleanStart, int keepAliveSeconds,
        long sessionExpiryAtConnect, boolean requestProblemInformation, int clientReceiveMaximum,
        long clientMaximumPacketSize, int clientTopicAliasMaximum, int topicAliasMaximum) {
}
