package io.wrenmq.broker.listener;

import java.security.cert.X509Certificate;

/**
 * Which part of a verified client certificate replaces a CONNECT field (peer_cert_as_username,
 * peer_cert_as_clientid): the subject's CN, the whole subject DN (RFC 2253), or nothing.
 */
public enum PeerCertField {
    NONE, CN, DN;

    /** The name this field takes from {@code cert}; null for NONE, without a certificate, or a subject without CN. */
    public String from(X509Certificate cert) {
        if (cert == null) {
            return null;
        }
        return switch (this) {
            case NONE -> null;
            case CN -> CertificateNames.commonName(cert);
            case DN -> cert.getSubjectX500Principal().getName();
        };
    }
}
