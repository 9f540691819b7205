package io.wrenmq.broker.protocol;

import io.wrenmq.broker.listener.CertificateNames;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.listener.ConnectionInfo;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.DecodeFailure;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PacketType;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts or refuses a CONNECT: client id rules, session expiry, keep alive, the client's limits (Receive
 * Maximum, Maximum Packet Size, Topic Alias Maximum), then attaches the session and writes the CONNACK
 * with the broker's own limits and capabilities.
 */
final class ConnectProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectProcessor.class);
    private static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    private ConnectProcessor() {
    }

    static void process(MqttConnection c, Connect connect) {
        ProtocolSettings config = c.broker().config();
        ConnectionEvents.connect(c, connect);
        ReasonCode refusal = ConnectValidator.check(connect, config);
        if (refusal == null) {
            refusal = c.broker().limits().checkConnect(c.channel(), connect); // ban list, flapping detection
        }
        if (refusal != null) {
            refuseUnaccepted(c, connect, refusal, "CONNECT refused: " + refusal.description());
            return;
        }
        Properties in = connect.properties();
        Properties.Builder out = Properties.builder();
        String clientId = connect.clientId();
        ConnectionInfo info = ConnectionInfo.of(c.channel());
        String fromCert = info != null ? info.certificateClientId() : null;
        if (fromCert != null) {
            // peer_cert_as_clientid: the verified certificate names the client; tell a v5 client that sent none.
            if (clientId.isEmpty()) {
                out.putString(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, fromCert);
            }
            clientId = fromCert;
        } else if (clientId.isEmpty()) {
            // v3.1.1 with clean session, or v5: the server assigns an id [MQTT-3.1.3-6, MQTT-3.2.2-16].
            clientId = "wren-" + UUID.randomUUID().toString().replace("-", "");
            out.putString(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, clientId);
        }

        Session existing = c.broker().sessions().get(clientId);
        if (existing != null && existing.isInProcess()) {
            // The session of an in-process subscriber (a bridge's $bridge/<name>, an embedding application's): a
            // network client must not take it over and read what is kept for it.
            refuseUnaccepted(c, connect, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "CONNECT refused: client id " + clientId + " is an in-process session's");
            return;
        }
        long requestedExpiry;
        if (connect.version().isV5()) {
            requestedExpiry = in.getLong(PropertyId.SESSION_EXPIRY_INTERVAL, 0);
        } else {
            // v3: Clean Session 0 keeps the session until the broker's maximum (by default for ever).
            requestedExpiry = connect.cleanStart() ? 0 : NEVER_EXPIRES;
        }
        long expiry = Math.min(requestedExpiry, config.maxSessionExpiryInterval());
        if (expiry != requestedExpiry) {
            out.put(PropertyId.SESSION_EXPIRY_INTERVAL, expiry); // tell a v5 client what it got [MQTT-3.2.2-?]
        }

        int keepAlive = connect.keepAlive();
        if (connect.version().isV5() && (keepAlive == 0 || keepAlive > config.maxKeepalive())
                && config.maxKeepalive() < 65535) {
            keepAlive = config.maxKeepalive();
            out.put(PropertyId.SERVER_KEEP_ALIVE, keepAlive); // the client must use it [MQTT-3.2.2-21]
        }
        // A v3 client cannot be told another keep alive, so its own value is enforced as it is: shortening
        // it would disconnect a client that pings on its own, compliant schedule.
        addCapabilities(out, config, in);
        final Properties connackProperties = out.build();

        c.accepted(new Negotiated(connect.version(), clientId, connect.cleanStart(), keepAlive, expiry,
                in.getInt(PropertyId.REQUEST_PROBLEM_INFORMATION, 1) == 1, in.getInt(PropertyId.RECEIVE_MAXIMUM, 65535),
                in.getLong(PropertyId.MAXIMUM_PACKET_SIZE, Long.MAX_VALUE), in.getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0),
                config.topicAliasMaximum()), identityOf(c, connect, clientId));
        c.channel().config().setAutoRead(false); // hold input until authenticated and the session is attached
        final String id = clientId;
        ConnectAuthentication.run(c, connect, authProperties -> c.broker().sessions().connect(id, connect.cleanStart(),
                expiry, connect.will(), c, c.channel().eventLoop(), (session, present) -> attached(c, session, present,
                        merge(connackProperties, authProperties))));
    }

    private static Properties merge(Properties base, Properties extra) {
        if (extra.isEmpty()) {
            return base;
        }
        Properties.Builder b = base.toBuilder();
        for (PropertyId id : extra.presentIds()) {
            if (id == PropertyId.AUTHENTICATION_DATA) {
                b.putBinary(id, extra.getBinary(id));
            } else {
                b.putString(id, extra.getString(id));
            }
        }
        return b.build();
    }

    /** The identity the ACL and hooks see: client id, username, the client's address, listener and certificate. */
    static ClientIdentity identityOf(MqttConnection c, Connect connect, String clientId) {
        ConnectionInfo info = ConnectionInfo.of(c.channel());
        InetSocketAddress remote = PeerAddress.client(c.channel());
        X509Certificate cert = info != null ? info.peerCertificate() : null;
        String cn = cert != null ? CertificateNames.commonName(cert) : null;
        String dn = cert != null ? cert.getSubjectX500Principal().getName() : null;
        String certUser = info != null ? info.certificateUsername() : null; // peer_cert_as_username
        return new ClientIdentity(clientId, certUser != null ? certUser : connect.username(),
                remote != null ? remote.getAddress() : null, info != null ? info.listener().id() : "", cn, dn, false);
    }

    private static void attached(MqttConnection c, Session session, boolean present, Properties props) {
        if (c.isClosed()) {
            // The socket went away while the session was being prepared: detach at once (abnormal end).
            c.broker().sessions().disconnected(session, c, false);
            return;
        }
        c.writer().write(new Connack(present, ReasonCode.SUCCESS, props));
        c.connected(session);
        ConnectionEvents.connack(c, ReasonCode.SUCCESS, null);
        LOG.debug("Client {} connected from {} ({}, session present {})", c.clientId(), c.remoteAddress(),
                c.negotiated().version(), present);
        c.handleHeldWhileConnecting();
        ConnectionEvents.connected(c, present);
        session.resume();
        c.readGate().resumeIfFree(); // unless a held packet waits for an authorizer (or a rate pause began already)
    }

    private static void addCapabilities(Properties.Builder out, ProtocolSettings config, Properties in) {
        if (config.receiveMaximum() != 65535) {
            out.put(PropertyId.RECEIVE_MAXIMUM, config.receiveMaximum());
        }
        if (config.maxQos() < 2) {
            out.put(PropertyId.MAXIMUM_QOS, config.maxQos()); // only 0 or 1 may be sent [MQTT-3.2.2-9]
        }
        out.put(PropertyId.RETAIN_AVAILABLE, config.retainAvailable() ? 1 : 0);
        out.put(PropertyId.MAXIMUM_PACKET_SIZE, config.maxPacketSize());
        if (config.topicAliasMaximum() > 0) {
            out.put(PropertyId.TOPIC_ALIAS_MAXIMUM, config.topicAliasMaximum());
        }
        out.put(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE, config.wildcardSubscriptionAvailable() ? 1 : 0);
        out.put(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE, config.subscriptionIdentifierAvailable() ? 1 : 0);
        out.put(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE, config.sharedSubscriptionAvailable() ? 1 : 0);
        if (in.getInt(PropertyId.REQUEST_RESPONSE_INFORMATION, 0) == 1) {
            // A hint for request/response: a topic prefix this client may use for responses.
            out.putString(PropertyId.RESPONSE_INFORMATION, "response/");
        }
    }

    /**
     * Sends a refusing CONNACK (v5 reason code or v3 return code) and closes [MQTT-3.2.2-6, MQTT-3.2.2-7]: how
     * {@link MqttConnection#close} ends a connection whose CONNECT was accepted but not yet answered.
     */
    static void refuse(MqttConnection c, ReasonCode reason, String why) {
        Negotiated n = c.negotiated();
        LOG.info("Refused CONNECT from {} ({}): {}", c.remoteAddress(), n.version(), why);
        Properties p = n.version().isV5() && n.requestProblemInformation()
                ? Properties.builder().putString(PropertyId.REASON_STRING, why).build() : Properties.EMPTY;
        sendAndClose(c, new Connack(false, reason, p), n.version());
        ConnectionEvents.connack(c, reason, why);
    }

    /** Refuses a CONNECT that did not pass validation, the ban list or flapping detection (nothing negotiated yet). */
    private static void refuseUnaccepted(MqttConnection c, Connect connect, ReasonCode reason, String why) {
        LOG.info("Refused CONNECT from {} ({}): {}", c.remoteAddress(), connect.version(), why);
        Properties p = connect.version().isV5()
                ? Properties.builder().putString(PropertyId.REASON_STRING, why).build() : Properties.EMPTY;
        sendAndClose(c, new Connack(false, reason, p), connect.version());
        ConnectionEvents.connack(c, ConnectionEvents.describe(c, connect), reason, why);
    }

    /** Answers a CONNECT the decoder could not accept. */
    static void refuseMalformedConnect(MqttConnection c, DecodeFailure f) {
        if (f.reason() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // [MQTT-3.1.2-2]: a level other than 3, 4, 5 (no version) gets the 3.1.1 CONNACK return code 1; a wrong
            // name with a known level is refused in that level's format (return code 1, or v5 reason code 0x84).
            MqttVersion v = f.version() != null ? f.version() : MqttVersion.V3_1_1;
            sendAndClose(c, new Connack(false, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, Properties.EMPTY), v);
        } else if (f.packetType() == PacketType.CONNECT && f.version() == MqttVersion.V5) {
            // A v5 server may say why before closing (section 4.13.1).
            sendAndClose(c, new Connack(false, f.reason(), Properties.EMPTY), MqttVersion.V5);
        } else {
            c.close(null, "malformed CONNECT: " + f.message());
        }
    }

    private static void sendAndClose(MqttConnection c, Connack connack, MqttVersion version) {
        c.closeAfter(MqttEncoder.encode(c.channel().alloc(), connack, version));
    }
}
