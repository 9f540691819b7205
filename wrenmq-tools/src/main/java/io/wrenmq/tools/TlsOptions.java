package io.wrenmq.tools;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.ssl.SslContext;
import io.wrenmq.client.ClientTlsFiles;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The TLS flags of {@code wrenmq pub} and {@code wrenmq sub}, named as mosquitto_pub's ({@code --cafile},
 * {@code --cert}, {@code --key}, {@code --insecure}) plus NanoMQ's {@code --keypass}. {@code --cafile} turns TLS on;
 * keys are read in every PEM form the broker reads (PKCS#1, PKCS#8, encrypted or not, RSA or EC).
 */
final class TlsOptions {
    @Option(names = "--cafile", paramLabel = "FILE",
            description = "PEM CA certificate(s) to trust; connects with TLS (default port then 8883).")
    Path caFile;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate, for mutual TLS (needs --key).")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert.")
    Path keyFile;

    @Option(names = "--keypass", paramLabel = "PASSWORD", description = "Password of an encrypted --key.")
    String keyPassword;

    @Option(names = "--insecure",
            description = "Do not check that the server certificate names the host (the chain is still verified).")
    boolean insecure;

    boolean enabled() {
        return caFile != null;
    }

    /** {@code quic}: --quic is given, which is TLS too (with the JVM's CAs when there is no --cafile). */
    void validate(CommandSpec spec, boolean quic) {
        if (!enabled() && !quic && (certFile != null || keyFile != null || keyPassword != null || insecure)) {
            throw ConnectionOptions.usage(spec, "--cert, --key, --keypass and --insecure need --cafile (TLS) or --quic");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw ConnectionOptions.usage(spec, "--cert and --key go together");
        }
        if (keyPassword != null && keyFile == null) {
            throw ConnectionOptions.usage(spec, "--keypass needs --key");
        }
    }

    /** The same files as a QUIC context (TLS 1.3, ALPN mqtt), for --quic. */
    QuicSslContext quicContext() {
        return ClientTlsFiles.quicContext(new ClientTlsFiles.Files(caFile, "--cafile", certFile, "--cert", keyFile, "--key",
                keyPassword), true, !insecure);
    }

    /** The client TLS context; a file that cannot be read is an IllegalArgumentException naming it. */
    SslContext context() {
        return ClientTlsFiles.context(new ClientTlsFiles.Files(caFile, "--cafile", certFile, "--cert", keyFile, "--key",
                keyPassword), true, !insecure);
    }
}
