package io.wrenmq.broker.listener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The TLS settings of one ssl or wss listener (each listener has its own). Key and certificate files are
 * PEM; the key may be PKCS#8 or PKCS#1 (RSA or EC), encrypted with {@code keyPassword} or not.
 *
 * @param keyfile             the server's private key
 * @param certfile            the server's certificate, optionally followed by its intermediate CAs
 * @param cacertfile          the CAs that client certificates must chain to; null when clients are not verified
 * @param keyPassword         the key's password; null for an unencrypted key
 * @param verifyPeer          ask for a client certificate and verify it against {@code cacertfile}
 * @param failIfNoPeerCert    with verifyPeer: refuse a client that sends no certificate
 * @param versions            allowed protocol versions; only TLSv1.3 and TLSv1.2 (TLS 1.2 is the minimum)
 * @param ciphers             allowed cipher suites (JDK names); empty = the JDK's defaults
 * @param handshakeTimeout    a handshake not finished by then closes that socket
 * @param peerCertAsUsername  replaces the CONNECT username with the certificate's CN or DN
 * @param peerCertAsClientId  replaces the client identifier with the certificate's CN or DN
 */
public record TlsConfig(Path keyfile, Path certfile, Path cacertfile, String keyPassword, boolean verifyPeer,
        boolean failIfNoPeerCert, List<String> versions, List<String> ciphers, Duration handshakeTimeout,
        PeerCertField peerCertAsUsername, PeerCertField peerCertAsClientId) {

    /** The versions a listener allows unless told otherwise. */
    public static final List<String> DEFAULT_VERSIONS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> ALLOWED_VERSIONS = DEFAULT_VERSIONS;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);

    public TlsConfig {
        Objects.requireNonNull(keyfile, "keyfile");
        Objects.requireNonNull(certfile, "certfile");
        versions = List.copyOf(versions);
        ciphers = List.copyOf(ciphers);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions must name at least one of " + ALLOWED_VERSIONS);
        }
        for (String v : versions) {
            if (!ALLOWED_VERSIONS.contains(v)) {
                throw new IllegalArgumentException("TLS version " + v + " is not allowed: TLS 1.2 is the minimum; use "
                        + ALLOWED_VERSIONS);
            }
        }
        if (verifyPeer && cacertfile == null) {
            throw new IllegalArgumentException("verify_peer needs cacertfile (the CAs that sign client certificates)");
        }
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake_timeout must be positive: " + handshakeTimeout);
        }
        Objects.requireNonNull(peerCertAsUsername, "peerCertAsUsername");
        Objects.requireNonNull(peerCertAsClientId, "peerCertAsClientId");
    }

    /** One-way TLS with this key and certificate and every other setting at its default. */
    public static TlsConfig of(Path keyfile, Path certfile) {
        return new TlsConfig(keyfile, certfile, null, null, false, false, DEFAULT_VERSIONS, List.of(),
                DEFAULT_HANDSHAKE_TIMEOUT, PeerCertField.NONE, PeerCertField.NONE);
    }

    public TlsConfig withKeyPassword(String value) {
        return new TlsConfig(keyfile, certfile, cacertfile, value, verifyPeer, failIfNoPeerCert, versions, ciphers,
                handshakeTimeout, peerCertAsUsername, peerCertAsClientId);
    }

    /** Verifies client certificates against {@code caFile}; {@code required} refuses clients without one. */
    public TlsConfig withClientVerification(Path caFile, boolean required) {
        return new TlsConfig(keyfile, certfile, caFile, keyPassword, true, required, versions, ciphers,
                handshakeTimeout, peerCertAsUsername, peerCertAsClientId);
    }

    public TlsConfig withVersions(List<String> value) {
        return new TlsConfig(keyfile, certfile, cacertfile, keyPassword, verifyPeer, failIfNoPeerCert, value, ciphers,
                handshakeTimeout, peerCertAsUsername, peerCertAsClientId);
    }

    public TlsConfig withCiphers(List<String> value) {
        return new TlsConfig(keyfile, certfile, cacertfile, keyPassword, verifyPeer, failIfNoPeerCert, versions, value,
                handshakeTimeout, peerCertAsUsername, peerCertAsClientId);
    }

    public TlsConfig withHandshakeTimeout(Duration value) {
        return new TlsConfig(keyfile, certfile, cacertfile, keyPassword, verifyPeer, failIfNoPeerCert, versions, ciphers,
                value, peerCertAsUsername, peerCertAsClientId);
    }

    public TlsConfig withPeerCertAs(PeerCertField username, PeerCertField clientId) {
        return new TlsConfig(keyfile, certfile, cacertfile, keyPassword, verifyPeer, failIfNoPeerCert, versions, ciphers,
                handshakeTimeout, username, clientId);
    }

    /** The same settings with relative file names resolved against {@code base} (the server's WRENMQ_HOME). */
    public TlsConfig resolvedAgainst(Path base) {
        return new TlsConfig(base.resolve(keyfile), base.resolve(certfile), cacertfile == null ? null : base.resolve(cacertfile),
                keyPassword, verifyPeer, failIfNoPeerCert, versions, ciphers, handshakeTimeout, peerCertAsUsername,
                peerCertAsClientId);
    }

    /** Hides the password from logs and error messages. */
    @Override
    public String toString() {
        return "TlsConfig[keyfile=" + keyfile + ", certfile=" + certfile + ", cacertfile=" + cacertfile
                + ", keyPassword=" + (keyPassword == null ? "none" : "***") + ", verifyPeer=" + verifyPeer
                + ", failIfNoPeerCert=" + failIfNoPeerCert + ", versions=" + versions + ", ciphers=" + ciphers
                + ", handshakeTimeout=" + handshakeTimeout + ", peerCertAsUsername=" + peerCertAsUsername
                + ", peerCertAsClientId=" + peerCertAsClientId + "]";
    }
}
