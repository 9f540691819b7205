package io.wrenmq.server.config;

import com.typesafe.config.ConfigOrigin;
import io.wrenmq.client.QuicOptions;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeForward;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.bridge.BridgeSubscription;
import io.wrenmq.server.bridge.BridgeTlsConfig;
import io.wrenmq.server.bridge.BridgeWill;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one {@code bridges.mqtt.<name> { ... }} (or {@code bridges.aws.<name>}) block into its {@link BridgeConfig}:
 * every key checked against the rows of {@link BridgeKeys}, the server URLs, the client id (derived from the node
 * name when not given, ${VIN} replaced), the TLS files (they must be readable now, not at the first connection), the
 * MQTT 5 properties and will; the topics of forwards and subscription are read by {@link BridgeRoutes}.
 */
final class BridgeReader {
    private static final String QUIC = "quic_";
    private final BridgeKeys.Context ctx;

    BridgeReader(BridgeKeys.Context ctx) {
        this.ctx = ctx;
    }

    /** The bridge, or null when the block has errors (they are in the context's list). */
    BridgeConfig read(String name, BlockValues b, boolean aws) {
        int before = ctx.errors().size();
        Set<String> quic = quicKeys(b);
        b.checkKeys(quic);
        if (ctx.errors().size() > before) {
            return null; // values of a block with unknown keys would only add confusing errors
        }
        Boolean enable = b.get("enable");
        List<BridgeServer> servers = servers(b, aws);
        MqttVersion version = b.get("proto_ver");
        String clientId = clientId(name, b);
        Duration keepAlive = b.get("keepalive");
        Duration backoffMax = b.get("backoff_max");
        Boolean cleanStart = b.get("clean_start");
        String username = b.get("username");
        String password = b.get("password");
        BridgeTlsConfig tls = tls(b, servers);
        servers = withQuicOptions(b, servers);
        BridgeConfig.ConnProperties properties = connProperties(b);
        BridgeWill will = will(b);
        BridgeRoutes routes = new BridgeRoutes(b, ctx.vin());
        List<BridgeForward> forwards = routes.forwards();
        List<BridgeSubscription> subscriptions = routes.subscriptions(version == MqttVersion.V5);
        Integer subscriptionId = b.get("sub_properties.identifier");
        Map<String, String> subscriptionProperties = b.get("sub_properties.user_property");
        Boolean transparent = b.get("transparent");
        Integer maxParallel = b.get("max_parallel_processes");
        Integer maxSend = b.get("max_send_queue_len");
        Integer maxInflight = b.get("max_inflight");
        Integer maxRecv = b.get("max_recv_queue_len");
        Duration resendInterval = b.get("resend_interval");
        Duration resendWait = b.get("resend_wait");
        Duration cancelTimeout = b.get("cancel_timeout");
        if (ctx.errors().size() > before) {
            return null;
        }
        return new BridgeConfig(name, enable, servers, version, clientId, keepAlive, backoffMax, cleanStart,
                orNull(username), orNull(password), tls, properties, will, forwards, subscriptions, subscriptionId,
                subscriptionProperties, transparent, maxParallel, maxSend, maxInflight, maxRecv, resendInterval, resendWait, cancelTimeout);
    }

    /**
     * NanoMQ's msquic-only quic_* keys of a bridge: one WARN for the family, not six (docs/quic.md). The others are
     * read by {@link #withQuicOptions}.
     */
    private Set<String> quicKeys(BlockValues b) {
        Set<String> keys = new TreeSet<>();
        b.block().forEach((k, v) -> {
            ConfigKey<?> row = ConfigSchema.key(BridgeKeys.B + k);
            if (k.startsWith(QUIC) && row != null && row.isIgnored()) {
                keys.add(k);
            }
        });
        if (!keys.isEmpty()) {
            ConfigOrigin first = keys.stream().map(b::origin).min(Comparator.comparingInt(ConfigOrigin::lineNumber)).orElseThrow();
            b.warnings().ignored(first, b.path(QUIC + "*"), String.join(", ", keys) + ": NanoMQ's msquic settings that"
                    + " quiche (Netty's QUIC) has no counterpart for; multi-stream is not supported (docs/quic.md)");
        }
        return keys;
    }

    /** The quic_* settings on each mqtt-quic:// server; written for a bridge without one, they are unused (a WARN). */
    private List<BridgeServer> withQuicOptions(BlockValues b, List<BridgeServer> servers) {
        Duration idle = b.get("quic_idle_timeout");
        Duration handshake = b.get("quic_handshake_timeout");
        Duration ackDelay = b.get("quic_max_ack_delay_ms");
        Boolean zeroRtt = b.get("quic_0rtt");
        if (idle == null || handshake == null || ackDelay == null || zeroRtt == null) {
            return servers; // an error is recorded
        }
        QuicOptions options = new QuicOptions(idle, handshake, ackDelay, zeroRtt);
        if (servers.stream().noneMatch(s -> s.quic() != null)) {
            String written = List.of("quic_idle_timeout", "quic_handshake_timeout", "quic_max_ack_delay_ms", "quic_0rtt")
                    .stream().filter(k -> b.written(k) != null).findFirst().orElse(null);
            if (written != null && !servers.isEmpty()) {
                b.warnings().add(b.origin(written), b.path(QUIC + "*"), "unused: no server of this bridge is mqtt-quic://");
            }
            return servers;
        }
        return servers.stream().map(s -> s.withQuic(options)).toList();
    }

    /** {@code server}, then with {@code hybrid_bridging} the {@code hybrid_servers} (each once). */
    private List<BridgeServer> servers(BlockValues b, boolean aws) {
        if (b.written("server") == null) {
            b.error("server", "missing", "a bridge needs server = \"mqtt-tcp://host:1883\" (or \"tls+mqtt-tcp://host:8883\")");
            return List.of();
        }
        BridgeServer server = b.get("server", BridgeValueTypes.server(aws));
        List<BridgeServer> hybrid = b.get("hybrid_servers");
        Boolean failover = b.get("hybrid_bridging");
        List<BridgeServer> out = new ArrayList<>();
        if (server != null) {
            out.add(server);
        }
        if (Boolean.TRUE.equals(failover) && hybrid != null) {
            hybrid.stream().filter(h -> out.stream().noneMatch(s -> s.host().equalsIgnoreCase(h.host())
                    && s.port() == h.port() && s.tls() == h.tls() && (s.quic() == null) == (h.quic() == null)))
                    .forEach(out::add);
        }
        return out;
    }

    /**
     * The written client id (${VIN} replaced), or one derived from the node name and the bridge's name: stable across
     * restarts, so a remote session with clean_start = false is found again, and different for each bridge.
     */
    private String clientId(String name, BlockValues b) {
        String written = ctx.vin().fill(b, "clientid", b.get("clientid"));
        if (written == null || written.isEmpty()) {
            return derivedClientId(ctx.nodeName(), "bridge-" + name);
        }
        checkClientId(b, "clientid", written);
        return written;
    }

    /** A written client id must be an MQTT string: no U+0000, at most 65535 bytes [MQTT-1.5.4]. */
    static void checkClientId(BlockValues b, String key, String written) {
        if (written.indexOf('\u0000') >= 0 || written.getBytes(StandardCharsets.UTF_8).length > TopicSyntax.MAX_BYTES) {
            b.error(key, "not a client id: contains U+0000 or is longer than 65535 bytes [MQTT-1.5.4]",
                    "\"\" derives one from system.node_name");
        }
    }

    /**
     * A client id of ours on another broker: the node name with every character other than A-Z a-z 0-9 _ - made _
     * (the characters every broker accepts [MQTT-3.1.3-5]), then {@code suffix}, e.g. "bridge-cloud" or "repub-2".
     */
    static String derivedClientId(String nodeName, String suffix) {
        return nodeName.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + suffix;
    }

    /** The ssl block, used by tls+mqtt-tcp:// servers; its files must be readable now (fail at start, not later). */
    private BridgeTlsConfig tls(BlockValues b, List<BridgeServer> servers) {
        if (b.written("ssl") == null || !Boolean.TRUE.equals(b.get("ssl.enable"))) {
            return null;
        }
        if (!servers.isEmpty() && servers.stream().noneMatch(BridgeServer::tls)) {
            b.warnings().add(b.origin("ssl"), b.path("ssl"), "unused: the server is plain TCP (mqtt-tcp://);"
                    + " write tls+mqtt-tcp://host:8883 to connect with TLS");
            return null;
        }
        Path ca = file(b, "ssl.cacertfile");
        Path cert = file(b, "ssl.certfile");
        Path key = file(b, "ssl.keyfile");
        if (b.written("ssl.certfile") != null && b.written("ssl.keyfile") == null && cert != null) {
            b.error("ssl.keyfile", "missing", "a client certificate (ssl.certfile) needs its private key (ssl.keyfile)");
        } else if (b.written("ssl.keyfile") != null && b.written("ssl.certfile") == null && key != null) {
            b.error("ssl.certfile", "missing", "a private key (ssl.keyfile) needs its certificate (ssl.certfile)");
        }
        String keyPassword = b.get("ssl.key_password");
        Boolean verifyPeer = b.get("ssl.verify_peer");
        String sni = b.get("ssl.server_name_indication");
        return new BridgeTlsConfig(ca, cert, key, keyPassword, Boolean.TRUE.equals(verifyPeer), sni);
    }

    /** A PEM file of the ssl block, resolved against WRENMQ_HOME; null when not given or not readable (an error). */
    private Path file(BlockValues b, String key) {
        String name = b.get(key);
        if (name == null) {
            return null;
        }
        Path p = ctx.baseDir().resolve(name);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            b.error(key, (Files.exists(p) ? "cannot read " : "no such file: ") + p,
                    "give a readable PEM file; a relative path is relative to WRENMQ_HOME (or the working directory)");
            return null;
        }
        return p;
    }

    private BridgeConfig.ConnProperties connProperties(BlockValues b) {
        String cp = "conn_properties.";
        Long sessionExpiry = b.get(cp + "session_expiry_interval");
        Integer receiveMaximum = b.get(cp + "receive_maximum");
        Integer maximumPacketSize = b.get(cp + "maximum_packet_size");
        Integer topicAliasMaximum = b.get(cp + "topic_alias_maximum");
        Boolean problem = eitherSpelling(b, cp + "request_problem_information", cp + "request_problem_infomation");
        Boolean response = eitherSpelling(b, cp + "request_response_information", cp + "request_response_infomation");
        Map<String, String> userProperties = b.get(cp + "user_property");
        if (sessionExpiry == null || receiveMaximum == null || maximumPacketSize == null || topicAliasMaximum == null
                || problem == null || response == null || userProperties == null) {
            return null; // the error is recorded
        }
        return new BridgeConfig.ConnProperties(sessionExpiry, receiveMaximum, maximumPacketSize, topicAliasMaximum,
                problem, response, userProperties);
    }

    /** The key as spelt right or as NanoMQ spells it ("infomation"), not both. */
    private static Boolean eitherSpelling(BlockValues b, String right, String nanomq) {
        if (b.written(right) != null && b.written(nanomq) != null) {
            b.error(nanomq, "written twice: as " + right + " too", "keep one of the two spellings");
            return null;
        }
        return b.written(nanomq) != null ? b.get(nanomq) : b.get(right);
    }

    /** The will of the remote connection; none without a will block. */
    private BridgeWill will(BlockValues b) {
        if (b.written("will") == null) {
            return null;
        }
        String topic = b.get("will.topic");
        if (topic != null && b.written("will.topic") == null) {
            b.error("will.topic", "missing", "a will block needs topic = \"bridge/<name>/status\" (or remove the block)");
        } else if (topic != null && TopicSyntax.invalidNameReason(topic) != null) {
            b.error("will.topic", "not a topic name: " + TopicSyntax.invalidNameReason(topic), "a will goes to one topic");
        }
        String p = "will.properties.";
        String responseTopic = b.get(p + "response_topic");
        if (responseTopic != null && !responseTopic.isEmpty() && TopicSyntax.invalidNameReason(responseTopic) != null) {
            b.error(p + "response_topic", "not a topic name: " + TopicSyntax.invalidNameReason(responseTopic),
                    "\"\" for none");
        }
        Integer qos = b.get("will.qos");
        Boolean retain = b.get("will.retain");
        String payload = b.get("will.payload");
        Integer format = b.get(p + "payload_format_indicator");
        Long expiry = b.get(p + "message_expiry_interval");
        String contentType = b.get(p + "content_type");
        String correlation = b.get(p + "correlation_data");
        Long delay = b.get(p + "will_delay_interval");
        Map<String, String> userProperties = b.get(p + "user_property");
        if (topic == null || qos == null || retain == null || payload == null || format == null || expiry == null
                || contentType == null || responseTopic == null || correlation == null || delay == null
                || userProperties == null) {
            return null; // the error is recorded
        }
        return new BridgeWill(topic, qos, retain, payload, format, expiry, contentType, responseTopic, correlation, delay,
                userProperties);
    }

    private static String orNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
