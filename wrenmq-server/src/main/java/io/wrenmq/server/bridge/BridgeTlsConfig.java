package io.wrenmq.server.bridge;

import java.nio.file.Path;

/**
 * The bridge's {@code ssl { ... }} block, for a {@code tls+mqtt-tcp://} server.
 *
 * @param caCertFile          trusted CAs (PEM); null = the JVM's default trust store
 * @param certFile            our client certificate chain (PEM) for mutual TLS; null for none
 * @param keyFile             its private key (PEM); null for none
 * @param keyPassword         the key's password; null for an unencrypted key
 * @param verifyPeer          check the server's certificate (chain and host name); false only for tests
 * @param serverNameIndication the SNI host name; null = the server URL's host
 */
public record BridgeTlsConfig(Path caCertFile, Path certFile, Path keyFile, String keyPassword, boolean verifyPeer,
        String serverNameIndication) {
}
