package io.wrenmq.server.bridge;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.quic.QuicSslContext;
import io.wrenmq.client.ClientTlsFiles;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.MqttClientBuilder;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.Will;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The remote clients of one bridge, as its configuration says: one connection attempt per client (the bridge does the
 * reconnecting, so that it can move to another server and resend from its session), on the bridge's event loop.
 * For mqtt-quic:// servers the QUIC TLS context is kept across attempts: its session cache is what lets a reconnect
 * resume with 0-RTT (quic_0rtt). Used on the bridge's loop only.
 */
final class BridgeClients implements MqttBridge.RemoteClients {
    private QuicSslContext quicContext;
    private BridgeTlsConfig quicContextFor;

    @Override
    public MqttClient create(BridgeConfig config, BridgeServer server, EventLoop loop) {
        BridgeConfig.ConnProperties cp = config.connProperties();
        boolean v5 = config.version().isV5();
        int window = Math.max(1, config.maxInflight());
        MqttClientBuilder b = MqttClient.builder()
                .host(server.host())
                .port(server.port())
                .clientId(config.clientId())
                .version(config.version())
                .cleanStart(config.cleanStart())
                .keepAlive((int) Math.min(65535, config.keepAlive().toSeconds()))
                .connectTimeout(config.cancelTimeout())
                .eventLoopGroup(loop)                // the bridge's loop: its callbacks need no locks
                .maxInflight(window)                 // the same window as the forward session's
                .maxQueuedPublishes(Math.max(64, window * 2));
        if (config.username() != null) {
            b.username(config.username());
        }
        if (config.password() != null) {
            b.password(config.password());
        }
        if (v5) {
            b.sessionExpiryInterval(cp.sessionExpiryInterval());
            b.receiveMaximum(Math.max(1, Math.min(65535, cp.receiveMaximum() > 0 ? cp.receiveMaximum()
                    : config.maxRecvQueueLen())));
            b.topicAliasMaximum(cp.topicAliasMaximum());
            if (cp.maximumPacketSize() > 0) {
                b.maximumPacketSize(cp.maximumPacketSize());
            }
            cp.userProperties().forEach(b::userProperty);
        }
        if (config.will() != null) {
            b.will(will(config.will(), v5));
        }
        if (server.quic() != null) {
            b.quic(quicContext(config), server.quic());
        } else if (server.tls()) {
            BridgeTlsConfig t = config.tls();
            b.tls(ClientTlsFiles.context(files(config), t == null || t.verifyPeer(), t == null || t.verifyPeer()));
        }
        return b.build();
    }

    /** One context per ssl block (a reload with other files makes a new one). */
    private QuicSslContext quicContext(BridgeConfig config) {
        BridgeTlsConfig t = config.tls();
        if (quicContext == null || !Objects.equals(quicContextFor, t)) {
            quicContext = ClientTlsFiles.quicContext(files(config), t == null || t.verifyPeer(), t == null || t.verifyPeer());
            quicContextFor = t;
        }
        return quicContext;
    }

    /** The ssl block's files, named by their keys in errors; none (the JVM's trusted CAs) without an ssl block. */
    private static ClientTlsFiles.Files files(BridgeConfig config) {
        BridgeTlsConfig t = config.tls();
        if (t == null) {
            return new ClientTlsFiles.Files(null, null, null, null, null, null, null);
        }
        String key = "bridges.mqtt." + config.name() + ".ssl.";
        return new ClientTlsFiles.Files(t.caCertFile(), key + "cacertfile", t.certFile(), key + "certfile", t.keyFile(),
                key + "keyfile", t.keyPassword());
    }

    private static Will will(BridgeWill w, boolean v5) {
        Properties props = Properties.EMPTY;
        if (v5) {
            Properties.Builder p = Properties.builder();
            if (w.payloadFormatIndicator() != 0) {
                p.put(PropertyId.PAYLOAD_FORMAT_INDICATOR, w.payloadFormatIndicator());
            }
            if (w.messageExpiryInterval() != 0) {
                p.put(PropertyId.MESSAGE_EXPIRY_INTERVAL, w.messageExpiryInterval());
            }
            if (w.willDelayInterval() != 0) {
                p.put(PropertyId.WILL_DELAY_INTERVAL, w.willDelayInterval());
            }
            putText(p, PropertyId.CONTENT_TYPE, w.contentType());
            putText(p, PropertyId.RESPONSE_TOPIC, w.responseTopic());
            if (w.correlationData() != null && !w.correlationData().isEmpty()) {
                p.putBinary(PropertyId.CORRELATION_DATA, w.correlationData().getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, String> e : w.userProperties().entrySet()) {
                p.addUserProperty(e.getKey(), e.getValue());
            }
            props = p.build();
        }
        byte[] payload = w.payload() == null ? new byte[0] : w.payload().getBytes(StandardCharsets.UTF_8);
        return new Will(w.topic(), w.qos(), w.retain(), payload, props);
    }

    private static void putText(Properties.Builder p, PropertyId id, String value) {
        if (value != null && !value.isEmpty()) {
            p.putString(id, value);
        }
    }
}
