package io.wrenmq.client;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.wrenmq.codec.tls.PemFiles;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * A client TLS context from PEM files, for everything that connects out with this client: {@code wrenmq pub/sub}
 * and the broker's bridges. Keys are read in every PEM form the broker reads (PKCS#1, PKCS#8, encrypted or not, RSA
 * or EC). A file that cannot be read is an {@link IllegalArgumentException} that names it by the caller's label (a
 * command-line flag, a configuration key).
 */
public final class ClientTlsFiles {
    private ClientTlsFiles() {
    }

    /** What to trust and what to present; labels name the files in error messages. */
    public record Files(Path caFile, String caLabel, Path certFile, String certLabel, Path keyFile, String keyLabel,
            String keyPassword) {
    }

    /**
     * @param files         CA (null = the JVM's trust store), client certificate and key (null = none)
     * @param verifyPeer    false = trust any server certificate (tests only; NanoMQ's verify_peer = false)
     * @param checkHostName whether the certificate must name the host (Netty 4.2's client default, RFC 6125); false =
     *                      mosquitto's --insecure (the chain is still verified)
     */
    public static SslContext context(Files files, boolean verifyPeer, boolean checkHostName) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (!verifyPeer) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (files.caFile() != null) {
                b.trustManager(certificates(files.caLabel(), files.caFile()));
            }
            if (files.certFile() != null) {
                b.keyManager(key(files), certificates(files.certLabel(), files.certFile()));
            }
            if (!checkHostName || !verifyPeer) {
                b.endpointIdentificationAlgorithm(null);
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The same files as a QUIC client context: TLS 1.3, ALPN "mqtt" (EMQX's and WrenMQ's quic listeners), early data
     * allowed (0-RTT on resumption). As for TLS, the certificate must name the host unless {@code checkHostName} is
     * false (the chain is then still verified).
     */
    public static QuicSslContext quicContext(Files files, boolean verifyPeer, boolean checkHostName) {
        QuicSslContextBuilder b = QuicSslContextBuilder.forClient().applicationProtocols("mqtt").earlyData(true);
        if (!verifyPeer) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (files.caFile() != null) {
            b.trustManager(certificates(files.caLabel(), files.caFile()));
        }
        if (!checkHostName || !verifyPeer) {
            b.endpointIdentificationAlgorithm(null);
        }
        if (files.certFile() != null) {
            b.keyManager(key(files), null, certificates(files.certLabel(), files.certFile()));
        }
        return b.build();
    }

    private static PrivateKey key(Files files) {
        try {
            return PemFiles.readPrivateKey(files.keyFile(), files.keyPassword());
        } catch (PemFiles.PemException e) {
            throw new IllegalArgumentException(files.keyLabel() + " " + files.keyFile() + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] certificates(String label, Path file) {
        try {
            return PemFiles.readCertificates(file);
        } catch (PemFiles.PemException e) {
            throw new IllegalArgumentException(label + " " + file + ": " + e.getMessage(), e);
        }
    }
}
