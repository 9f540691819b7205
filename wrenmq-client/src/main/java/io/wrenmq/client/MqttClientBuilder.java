package io.wrenmq.client;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.EventLoopGroup;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.Will;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Settings for an {@link MqttClient}; every setter returns this. Defaults: 127.0.0.1:1883, MQTT 5, a random
 * client identifier "wrenmq-" + 12 hex digits, Clean Start, session expiry 0, keep alive 60 s, connect
 * timeout 10 s, no automatic reconnect, up to 1024 publishes waiting while offline or beyond the in-flight
 * window (see {@link #maxInflight}), and a single-thread event loop of the client's own.
 */
public final class MqttClientBuilder {
    private String host = "127.0.0.1";
    private int port = 1883;
    private String clientId = String.format("wrenmq-%012x", ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFFFL);
    private MqttVersion version = MqttVersion.V5;
    private boolean cleanStart = true;
    private long sessionExpiryInterval;
    private int keepAlive = 60;
    private Duration pingTimeout;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private String username;
    private byte[] password;
    private Will will;
    private int receiveMaximum = 65535;
    private int topicAliasMaximum;
    private int maximumPacketSize;
    private final Properties.Builder userProperties = Properties.builder();
    private Duration reconnectInitialDelay;
    private Duration reconnectMaxDelay;
    private int maxQueuedPublishes = 1024;
    private int maxInflight; // 0: by version, see maxInflight()
    private EventLoopGroup eventLoopGroup;
    private boolean outboundTopicAliases = true;
    private SslContext tls;
    private QuicOptions quic;

    MqttClientBuilder() {
    }

    public MqttClientBuilder host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    public MqttClientBuilder port(int port) {
        this.port = range(port, 1, 65535, "port");
        return this;
    }

    /** The client identifier; an empty one asks a v5 server to assign one (section 3.1.3.1). */
    public MqttClientBuilder clientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return this;
    }

    /** {@link MqttVersion#V3_1_1} or {@link MqttVersion#V5} (3.1 works too, for old brokers). */
    public MqttClientBuilder version(MqttVersion version) {
        this.version = Objects.requireNonNull(version, "version");
        return this;
    }

    /** Clean Start (v5) or Clean Session (v3): whether the server should discard an existing session. */
    public MqttClientBuilder cleanStart(boolean cleanStart) {
        this.cleanStart = cleanStart;
        return this;
    }

    /** MQTT 5 Session Expiry Interval in seconds (0xFFFFFFFF = never); ignored by MQTT 3.x. */
    public MqttClientBuilder sessionExpiryInterval(long seconds) {
        if (seconds < 0 || seconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("sessionExpiryInterval must be 0..4294967295: " + seconds);
        }
        this.sessionExpiryInterval = seconds;
        return this;
    }

    /** Keep Alive in seconds; 0 turns keep alive off [MQTT-3.1.2-10]. */
    public MqttClientBuilder keepAlive(int seconds) {
        this.keepAlive = range(seconds, 0, 65535, "keepAlive");
        return this;
    }

    /** How long to wait for a PINGRESP before the connection counts as lost; default: the keep alive. */
    public MqttClientBuilder pingTimeout(Duration timeout) {
        this.pingTimeout = positive(timeout, "pingTimeout");
        return this;
    }

    /** The limit for the TCP connect plus the CONNACK. */
    public MqttClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    public MqttClientBuilder username(String username) {
        this.username = username;
        return this;
    }

    public MqttClientBuilder password(byte[] password) {
        this.password = password == null ? null : password.clone();
        return this;
    }

    public MqttClientBuilder password(String password) {
        return password(password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    /** The Will Message; its properties (v5) may carry a Will Delay Interval, Message Expiry and so on. */
    public MqttClientBuilder will(Will will) {
        this.will = will;
        return this;
    }

    public MqttClientBuilder will(String topic, byte[] payload, int qos, boolean retain) {
        return will(new Will(topic, range(qos, 0, 2, "will qos"), retain, payload.clone(), Properties.EMPTY));
    }

    /** How many QoS 1/2 messages the server may have unacknowledged towards us (MQTT 5, section 3.1.2.11.3). */
    public MqttClientBuilder receiveMaximum(int receiveMaximum) {
        this.receiveMaximum = range(receiveMaximum, 1, 65535, "receiveMaximum");
        return this;
    }

    /** How many topic aliases the server may use towards us (MQTT 5); 0 (the default) allows none. */
    public MqttClientBuilder topicAliasMaximum(int topicAliasMaximum) {
        this.topicAliasMaximum = range(topicAliasMaximum, 0, 65535, "topicAliasMaximum");
        return this;
    }

    /** The largest packet we accept; announced to MQTT 5 servers. Default: no limit announced (256 MB). */
    public MqttClientBuilder maximumPacketSize(int bytes) {
        this.maximumPacketSize = range(bytes, 16, Integer.MAX_VALUE, "maximumPacketSize");
        return this;
    }

    /** A User Property of the CONNECT (MQTT 5); may be called repeatedly, order is kept. */
    public MqttClientBuilder userProperty(String name, String value) {
        userProperties.addUserProperty(name, value);
        return this;
    }

    /**
     * Reconnects by itself when an established connection is lost (not after {@link MqttClient#disconnect()}
     * and not when the first {@link MqttClient#connect()} fails), waiting between attempts an exponentially
     * growing delay from {@code initialDelay} up to {@code maxDelay}, each randomised to 50-100% (jitter).
     */
    public MqttClientBuilder autoReconnect(Duration initialDelay, Duration maxDelay) {
        this.reconnectInitialDelay = positive(initialDelay, "initialDelay");
        this.reconnectMaxDelay = positive(maxDelay, "maxDelay");
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is below initialDelay " + initialDelay);
        }
        return this;
    }

    /** Bound of the queue of publishes that wait for a connection or for room under Receive Maximum. */
    public MqttClientBuilder maxQueuedPublishes(int max) {
        this.maxQueuedPublishes = range(max, 0, Integer.MAX_VALUE, "maxQueuedPublishes");
        return this;
    }

    /**
     * Our own cap on unacknowledged outbound QoS 1/2 messages; the server's Receive Maximum also applies.
     * Default: 65535 for MQTT 5 (so the server's Receive Maximum decides) and 20 for MQTT 3.x, whose servers
     * cannot announce a limit: 20 is Mosquitto's default {@code max_inflight_messages} and what its own
     * clients use; Mosquitto 2.0.11 did not forward the QoS 2 messages a v3 client sent
     * beyond it (seen in MosquittoInteropTest).
     */
    public MqttClientBuilder maxInflight(int max) {
        this.maxInflight = range(max, 1, 65535, "maxInflight");
        return this;
    }

    /**
     * Runs the client on one event loop of a group the caller owns (and shuts down): many clients can share
     * a few threads. Without it the client creates and owns a single-thread group.
     */
    public MqttClientBuilder eventLoopGroup(EventLoopGroup group) {
        this.eventLoopGroup = group;
        return this;
    }

    /**
     * Whether our PUBLISHes use Topic Aliases when an MQTT 5 server allows them (default: yes, which saves
     * bytes on long topics). Off saves the alias bookkeeping per message - the benchmark turns it off, as
     * other benchmark tools do, so that every broker gets the same full-topic PUBLISHes.
     */
    public MqttClientBuilder outboundTopicAliases(boolean use) {
        this.outboundTopicAliases = use;
        return this;
    }

    /**
     * MQTT over TLS with this client context (e.g. {@code SslContextBuilder.forClient().trustManager(caFile)}); null =
     * plain TCP. The host is sent as SNI; the server's certificate must name it (Netty's client default, RFC 6125)
     * unless the context was built with {@code endpointIdentificationAlgorithm(null)} (mosquitto's --insecure).
     */
    public MqttClientBuilder tls(SslContext context) {
        this.tls = context;
        this.quic = null;
        return this;
    }

    /**
     * MQTT over QUIC (ALPN "mqtt", one bidirectional stream, as EMQX's and WrenMQ's quic listeners) with this TLS
     * context, e.g. {@link ClientTlsFiles#quicContext}; QUIC is always TLS 1.3. The port is a UDP port (14567 by
     * convention). Replaces {@link #tls}.
     */
    public MqttClientBuilder quic(QuicSslContext context, QuicOptions options) {
        this.tls = Objects.requireNonNull(context, "context");
        this.quic = Objects.requireNonNull(options, "options");
        return this;
    }

    public MqttClient build() {
        if (clientId.isEmpty() && !version.isV5() && !cleanStart) {
            // [MQTT-3.1.3-7]: a zero-byte client id needs Clean Session 1 in 3.1.1.
            throw new IllegalArgumentException("an empty client id needs cleanStart(true) in MQTT 3.x");
        }
        if (password != null && username == null && !version.isV5()) {
            throw new IllegalArgumentException("MQTT 3.x allows a password only with a user name [MQTT-3.1.2-22]");
        }
        Properties userProps = userProperties.build();
        if (will != null && will.properties().has(PropertyId.TOPIC_ALIAS)) {
            throw new IllegalArgumentException("a Will cannot carry a Topic Alias");
        }
        return new MqttClient(new ClientConfig(host, port, clientId, version, cleanStart, sessionExpiryInterval,
                keepAlive, pingTimeout, connectTimeout, username, password, will, receiveMaximum, topicAliasMaximum,
                maximumPacketSize, userProps, reconnectInitialDelay, reconnectMaxDelay, maxQueuedPublishes,
                maxInflight > 0 ? maxInflight : version.isV5() ? 65535 : 20, eventLoopGroup,
                outboundTopicAliases, tls, quic));
    }

    private static int range(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
        }
        return value;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }
}
