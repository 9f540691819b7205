package io.wrenmq.broker.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.codec.tls.PemFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;

/**
 * The TLS side of one ssl/wss listener: its {@link SslContext}, built once when the listener starts (so a bad
 * key, certificate, version or cipher stops start-up instead of failing every handshake), and a fresh
 * {@link SslHandler} per connection.
 */
public final class ServerTlsContext {
    private final SslContext context;
    private final long handshakeTimeoutMillis;

    private ServerTlsContext(SslContext context, long handshakeTimeoutMillis) {
        this.context = context;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** Reads the listener's files and builds its context; a {@link TlsSetupException} names the file and listener. */
    public static ServerTlsContext create(ListenerConfig listener) {
        TlsConfig tls = listener.tls();
        PrivateKey key = read(listener, "keyfile", tls.keyfile(), () -> PemFiles.readPrivateKey(tls.keyfile(), tls.keyPassword()));
        X509Certificate[] chain = read(listener, "certfile", tls.certfile(), () -> PemFiles.readCertificates(tls.certfile()));
        if (!matches(key, chain[0])) {
            throw new TlsSetupException("The keyfile " + tls.keyfile() + " of " + listener.describe()
                    + " does not belong to the certificate in certfile " + tls.certfile(), null);
        }
        SslContextBuilder b = SslContextBuilder.forServer(key, chain)
                .sslProvider(SslProvider.JDK)
                .protocols(tls.versions())
                .ciphers(tls.ciphers().isEmpty() ? null : tls.ciphers());
        if (tls.cacertfile() != null) {
            b.trustManager(read(listener, "cacertfile", tls.cacertfile(), () -> PemFiles.readCertificates(tls.cacertfile())));
        }
        b.clientAuth(!tls.verifyPeer() ? ClientAuth.NONE : tls.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        SslContext context;
        try {
            context = b.build();
            // Unknown cipher or version names only fail when an engine is made: make one now, not at the first client.
            SSLEngine probe = context.newEngine(ByteBufAllocator.DEFAULT);
            probe.closeOutbound();
        } catch (Exception e) {
            throw new TlsSetupException("Cannot set up TLS for " + listener.describe() + ": " + e.getMessage()
                    + " (check versions, ciphers, and that the key matches the certificate)", e);
        }
        return new ServerTlsContext(context, tls.handshakeTimeout().toMillis());
    }

    /** The handler that starts a connection's pipeline on this listener. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler h = context.newHandler(alloc);
        h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return h;
    }

    /** Whether {@code key} is the private half of the certificate's public key: sign a probe and verify it. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return true; // an unusual key type: the handshake will tell
        }
        try {
            byte[] probe = "wrenmq key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    interface PemRead<T> {
        T read() throws PemFiles.PemException;
    }

    static <T> T read(ListenerConfig listener, String key, Path file, PemRead<T> reader) {
        try {
            return reader.read();
        } catch (PemFiles.PemException e) {
            throw new TlsSetupException("Cannot use " + key + " " + file + " of " + listener.describe() + ": "
                    + e.getMessage(), e);
        }
    }
}
