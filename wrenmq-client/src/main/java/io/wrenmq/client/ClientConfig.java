package io.wrenmq.client;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.Will;
import java.time.Duration;

/**
 * The settings of one client, fixed at {@link MqttClientBuilder#build()}. {@code eventLoopGroup} is null when
 * the client owns a single-thread group of its own; {@code reconnectInitialDelay} is null when automatic
 * reconnect is off; {@code maximumPacketSize} is 0 when we do not announce a limit; {@code tls} is null for
 * plain TCP; {@code quic} is non-null for MQTT over QUIC, and then {@code tls} is a {@code QuicSslContext}.
 */
record ClientConfig(String host, int port, String clientId, MqttVersion version, boolean cleanStart,
        long sessionExpiryInterval, int keepAlive, Duration pingTimeout, Duration connectTimeout, String username,
        byte[] password, Will will, int receiveMaximum, int topicAliasMaximum, int maximumPacketSize,
        Properties connectUserProperties, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
        int maxQueuedPublishes, int maxInflight, EventLoopGroup eventLoopGroup, boolean outboundTopicAliases,
        SslContext tls, QuicOptions quic) {

    boolean autoReconnect() {
        return reconnectInitialDelay != null;
    }

    String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** How long we wait for PINGRESP before we give the connection up: the keep alive unless set. */
    Duration effectivePingTimeout(int keepAliveSeconds) {
        return pingTimeout != null ? pingTimeout : Duration.ofSeconds(Math.max(1, keepAliveSeconds));
    }
}
