package io.wrenmq.broker.transport;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.codec.tls.PemFiles;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The TLS 1.3 context of one quic listener (BoringSSL inside quiche), built once when the listener starts so that a
 * bad key or certificate stops start-up. The files are read as for ssl/wss ({@link ServerTlsContext}); versions and
 * ciphers do not apply: QUIC is always TLS 1.3 (RFC 9001 section 4.2).
 */
final class QuicServerTls {
    /** EMQX's ALPN for MQTT over QUIC; a client offering another protocol fails the handshake (RFC 9001 section 8.1). */
    static final String ALPN = "mqtt";

    private QuicServerTls() {
    }

    static QuicSslContext create(ListenerConfig listener) {
        TlsConfig tls = listener.tls();
        PrivateKey key = ServerTlsContext.read(listener, "keyfile", tls.keyfile(),
                () -> PemFiles.readPrivateKey(tls.keyfile(), tls.keyPassword()));
        X509Certificate[] chain = ServerTlsContext.read(listener, "certfile", tls.certfile(),
                () -> PemFiles.readCertificates(tls.certfile()));
        if (!ServerTlsContext.matches(key, chain[0])) {
            throw new TlsSetupException("The keyfile " + tls.keyfile() + " of " + listener.describe()
                    + " does not belong to the certificate in certfile " + tls.certfile(), null);
        }
        QuicSslContextBuilder b = QuicSslContextBuilder.forServer(key, null, chain)
                .applicationProtocols(ALPN)
                // 0-RTT (RFC 9001 section 4.6): a client resuming a session may send CONNECT in its first flight.
                // Early data can be replayed; WrenMQ's client sends nothing but CONNECT before CONNACK, and a replayed
                // CONNECT only does what a reconnect of that client does (session takeover).
                .earlyData(true);
        if (tls.cacertfile() != null) {
            b.trustManager(ServerTlsContext.read(listener, "cacertfile", tls.cacertfile(),
                    () -> PemFiles.readCertificates(tls.cacertfile())));
        }
        b.clientAuth(!tls.verifyPeer() ? ClientAuth.NONE : tls.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw new TlsSetupException("Cannot set up QUIC TLS for " + listener.describe() + ": " + e.getMessage(), e);
        }
    }
}
