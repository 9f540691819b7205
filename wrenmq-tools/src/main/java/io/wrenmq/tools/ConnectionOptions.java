package io.wrenmq.tools;

import io.wrenmq.client.MqttClient;
import io.wrenmq.client.MqttClientBuilder;
import io.wrenmq.client.QuicOptions;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.codec.UserProperty;
import io.wrenmq.codec.Will;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * How a command-line client reaches the broker: the connection flags of mosquitto_pub/sub, shared by
 * `pub`, `sub` and `bench` as a picocli mixin. {@link #validate} rejects combinations the broker would refuse
 * anyway (so the user gets a usage error naming the flag, not a protocol error), {@link #builder} turns the
 * flags into an {@link MqttClientBuilder}.
 */
final class ConnectionOptions {
    /** "The session never expires", as mosquitto's {@code -x -1} / {@code -c} mean it. */
    static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Broker port (default: 1883, 8883 with --cafile, 14567 with --quic).")
    Integer port;

    @Option(names = "--quic", description = "MQTT over QUIC (UDP, TLS 1.3, ALPN mqtt; NanoMQ's nanomq_cli flag). "
            + "Trusts --cafile, else the JVM's CAs; --cert/--key/--insecure apply.")
    boolean quic;

    @picocli.CommandLine.Mixin
    TlsOptions tls = new TlsOptions();

    @Option(names = {"-V", "--protocol-version"}, paramLabel = "VERSION", defaultValue = "5",
            converter = VersionConverter.class,
            description = "MQTT version: 5, 311 or 31 (also mqttv5, mqttv311, mqttv31, and NanoMQ's 5, 4, 3; default: 5).")
    MqttVersion version;

    @Option(names = {"-i", "--id"}, paramLabel = "ID", description = "Client identifier (default: a random one).")
    String clientId;

    @Option(names = {"-I", "--id-prefix"}, paramLabel = "PREFIX",
            description = "Client identifier: PREFIX followed by the process id.")
    String idPrefix;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "User name.")
    String username;

    @Option(names = {"-P", "--pw"}, paramLabel = "PASSWORD", description = "Password.")
    String password;

    @Option(names = {"-k", "--keepalive"}, paramLabel = "SECONDS", defaultValue = "60",
            description = "Keep alive in seconds, 0 for none (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = {"-c", "--disable-clean-session"},
            description = "Keep the session on the broker (needs -i): v3 Clean Session 0; v5 Clean Start 0 and, "
                    + "unless -x says otherwise, a session that never expires.")
    boolean persistentSession;

    @Option(names = {"-x", "--session-expiry-interval"}, paramLabel = "SECONDS", converter = ExpiryConverter.class,
            description = "MQTT 5 Session Expiry Interval; -1 or 4294967295 for never (default: 0, or never with -c).")
    Long sessionExpiry;

    @Option(names = "--will-topic", paramLabel = "TOPIC", description = "Topic of the Will Message.")
    String willTopic;

    @Option(names = "--will-payload", paramLabel = "TEXT", description = "Payload of the Will (default: empty).")
    String willPayload;

    @Option(names = "--will-qos", paramLabel = "QOS", defaultValue = "0", description = "QoS of the Will (default: 0).")
    int willQos;

    @Option(names = "--will-retain", description = "Retain the Will Message.")
    boolean willRetain;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for TCP connect plus CONNACK (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = {"-D", "--property"}, paramLabel = "PROPERTY", arity = "1",
            parameterConsumer = PropertyArgs.Consumer.class,
            description = {"MQTT 5 property: KEY=VALUE (a user property of the command's packet), or as mosquitto: "
                    + "COMMAND PROPERTY VALUE, e.g. `-D publish user-property KEY VALUE`, "
                    + "`-D publish content-type text/plain`, `-D connect session-expiry-interval 60`. Repeatable."})
    List<PropertyArgs.Arg> properties = new ArrayList<>();

    /** Usage errors (exit 2) for flags that cannot go together; the message names the flags. */
    void validate(CommandSpec spec) {
        if (port != null && (port < 1 || port > 65535)) {
            throw usage(spec, "-p/--port must be 1..65535, not " + port);
        }
        tls.validate(spec, quic);
        if (keepAlive < 0 || keepAlive > 65535) {
            throw usage(spec, "-k/--keepalive must be 0..65535, not " + keepAlive);
        }
        if (connectTimeoutSeconds < 1) {
            throw usage(spec, "--connect-timeout must be at least 1 second");
        }
        if (clientId != null && idPrefix != null) {
            throw usage(spec, "-i/--id and -I/--id-prefix cannot be used together");
        }
        if (persistentSession && clientId == null && idPrefix == null) {
            throw usage(spec, "-c/--disable-clean-session needs a client id (-i): the session is found again by it");
        }
        if (clientId != null && clientId.isEmpty() && (persistentSession || !version.isV5())) {
            throw usage(spec, "An empty client id (-i '') needs MQTT 5 and a clean session [MQTT-3.1.3-7]");
        }
        if (!version.isV5()) {
            if (sessionExpiry != null) {
                throw usage(spec, "-x/--session-expiry-interval needs MQTT 5 (-V 5)");
            }
            if (!properties.isEmpty()) {
                throw usage(spec, "-D/--property needs MQTT 5 (-V 5)");
            }
            if (password != null && username == null) {
                throw usage(spec, "-P/--pw needs -u/--username in MQTT 3.x [MQTT-3.1.2-22]");
            }
        }
        if (willTopic == null && (willPayload != null || willRetain || willQos != 0)) {
            throw usage(spec, "--will-payload, --will-qos and --will-retain need --will-topic");
        }
        if (willQos < 0 || willQos > 2) {
            throw usage(spec, "--will-qos must be 0, 1 or 2, not " + willQos);
        }
        String invalidWill = willTopic == null ? null : TopicSyntax.invalidNameReason(willTopic);
        if (invalidWill != null) {
            throw usage(spec, "--will-topic must be a topic name without wildcards, not '" + willTopic + "': "
                    + invalidWill);
        }
    }

    /** The client settings; properties of the CONNECT and the Will come from {@code -D connect/will ...}. */
    MqttClientBuilder builder() {
        MqttClientBuilder b = MqttClient.builder()
                .host(host).port(port()).version(version).keepAlive(keepAlive)
                .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                .cleanStart(!persistentSession);
        if (quic) {
            b.quic(tls.quicContext(), QuicOptions.DEFAULTS);
        } else if (tls.enabled()) {
            b.tls(tls.context());
        }
        if (clientId != null) {
            b.clientId(clientId);
        } else if (idPrefix != null) {
            b.clientId(idPrefix + ProcessHandle.current().pid());
        }
        if (username != null) {
            b.username(username);
        }
        if (password != null) {
            b.password(password);
        }
        if (version.isV5()) {
            b.sessionExpiryInterval(sessionExpiry != null ? sessionExpiry : persistentSession ? NEVER_EXPIRES : 0);
            applyConnectProperties(b);
        }
        if (willTopic != null) {
            byte[] payload = willPayload == null ? new byte[0] : willPayload.getBytes(StandardCharsets.UTF_8);
            b.will(new Will(willTopic, willQos, willRetain, payload,
                    PropertyArgs.properties(properties, PropertyArgs.Packet.WILL, null)));
        }
        return b;
    }

    /** The properties of a packet of the command: {@code own} is the packet short {@code -D KEY=VALUE} goes to. */
    Properties properties(PropertyArgs.Packet packet, PropertyArgs.Packet own) {
        return PropertyArgs.properties(properties, packet, own);
    }

    /** "127.0.0.1:1883", "[::1]:1883": how messages name the broker. */
    String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** -p, else MQTT's registered port: 1883, or 8883 for MQTT over TLS. */
    int port() {
        return port != null ? port : quic ? 14567 : tls.enabled() ? 8883 : 1883;
    }

    /** The CONNECT properties the builder knows; validation in {@link PropertyArgs} lets only these through. */
    private void applyConnectProperties(MqttClientBuilder b) {
        Properties p = properties(PropertyArgs.Packet.CONNECT, null);
        for (UserProperty u : p.userProperties()) {
            b.userProperty(u.name(), u.value());
        }
        if (p.has(PropertyId.SESSION_EXPIRY_INTERVAL)) {
            b.sessionExpiryInterval(p.getLong(PropertyId.SESSION_EXPIRY_INTERVAL, 0));
        }
        if (p.has(PropertyId.RECEIVE_MAXIMUM)) {
            b.receiveMaximum(p.getInt(PropertyId.RECEIVE_MAXIMUM, 65535));
        }
        if (p.has(PropertyId.TOPIC_ALIAS_MAXIMUM)) {
            b.topicAliasMaximum(p.getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0));
        }
        if (p.has(PropertyId.MAXIMUM_PACKET_SIZE)) {
            b.maximumPacketSize((int) Math.min(Integer.MAX_VALUE, p.getLong(PropertyId.MAXIMUM_PACKET_SIZE, 0)));
        }
    }

    /** Shorthand for {@link UsageErrors#of}, which this package's flag checks use throughout. */
    static ParameterException usage(CommandSpec spec, String message) {
        return UsageErrors.of(spec, message);
    }

    /** mosquitto's names and levels for -V, plus NanoMQ's plain protocol levels 3, 4, 5. */
    static final class VersionConverter implements ITypeConverter<MqttVersion> {
        @Override
        public MqttVersion convert(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "5": case "50": case "5.0": case "mqttv5": return MqttVersion.V5;
                case "311": case "4": case "3.1.1": case "mqttv311": return MqttVersion.V3_1_1;
                case "31": case "3": case "3.1": case "mqttv31": return MqttVersion.V3_1;
                default: throw new TypeConversionException("'" + value + "' is not an MQTT version (use 5, 311 or 31)");
            }
        }
    }

    /** Seconds, where -1 and "∞" mean "never expires" as in mosquitto. */
    static final class ExpiryConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            if (value.equals("-1") || value.equals("∞")) {
                return NEVER_EXPIRES;
            }
            try {
                long v = Long.parseLong(value);
                if (v >= 0 && v <= NEVER_EXPIRES) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not 0..4294967295 or -1 (never expires)");
        }
    }
}
