package io.wrenmq.broker.protocol;

import io.wrenmq.broker.delivery.DeliverySettings;
import io.wrenmq.broker.limits.LimitsConfig;
import java.time.Duration;

/**
 * The engine settings a connection reads (CONNECT, CONNACK capabilities, PUBLISH checks, keep alive, closing),
 * implemented by the composition root's {@code BrokerConfig}: the protocol layer sees only these, live.
 */
public interface ProtocolSettings extends DeliverySettings {
    /** Largest packet accepted, also the v5 Maximum Packet Size in CONNACK (mqtt.max_packet_size). */
    int maxPacketSize();

    /** v3 clients: resend unacknowledged QoS 1/2 after this long; 0 = only on reconnect (mqtt.retry_interval). */
    Duration retryInterval();

    /** A client is dropped after keep alive x this without a packet (mqtt.keepalive_multiplier). */
    double keepaliveMultiplier();

    /** Longest keep alive allowed; v5 clients asking for more get it as Server Keep Alive (mqtt.max_keepalive). */
    int maxKeepalive();

    /** Unacknowledged incoming QoS 1/2 messages a client may send (mqtt.receive_maximum). */
    int receiveMaximum();

    /** Topic aliases a v5 client may use towards the broker (mqtt.topic_alias_maximum). */
    int topicAliasMaximum();

    /** A connection that sends no CONNECT within this is closed (mqtt.connect_timeout). */
    Duration connectTimeout();

    /** How long a closing connection is drained after the broker's last packet. */
    Duration closeDrainTimeout();

    /** Cap on the Session Expiry Interval, in seconds (mqtt.max_session_expiry_interval). */
    long maxSessionExpiryInterval();

    /** Whether retained messages are supported (mqtt.retain_available). */
    boolean retainAvailable();

    /** Whether v5 Subscription Identifiers are supported (mqtt.subscription_identifier). */
    boolean subscriptionIdentifierAvailable();

    /** Longest client identifier accepted (mqtt.max_clientid_len). */
    int maxClientIdLength();

    /** Connection and publish limits (limits { }, mqtt.max_subscriptions, mqtt.max_topic_levels). */
    LimitsConfig limits();
}
