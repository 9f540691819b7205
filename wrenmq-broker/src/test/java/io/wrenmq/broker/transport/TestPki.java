package io.wrenmq.broker.transport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made at test time (never committed): a CA, a server certificate for 127.0.0.1 and
 * localhost, client certificates (valid, expired, signed by another CA), written as PEM files in a directory
 * in every key format the broker must read. Test-only keys; docs/security.md ("Making real certificates") says how to make real ones.
 */
public final class TestPki {
    public static final String KEY_PASSWORD = "s3cret-pw";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final Path dir;
    public final Issued ca;
    public final Issued otherCa;
    public final Issued server;
    public final Issued serverEc;
    public final Issued client;
    public final Issued expiredClient;
    public final Issued foreignClient;

    /** A key pair with its certificate. */
    public record Issued(KeyPair keys, X509Certificate cert) {
    }

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        Instant now = Instant.now();
        ca = ca("CN=Wren Test CA", now);
        otherCa = ca("CN=Some Other CA", now);
        server = issue(ca, "CN=localhost", rsa(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)), true);
        serverEc = issue(ca, "CN=localhost", ec(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)), true);
        // BouncyCastle keeps the RDNs in the order written: O then CN, as openssl -subj "/O=Wren Test/CN=device-17".
        client = issue(ca, "O=Wren Test,CN=device-17", ec(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)), false);
        expiredClient = issue(ca, "CN=device-old", ec(), now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), false);
        foreignClient = issue(otherCa, "CN=intruder", ec(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)), false);
        pem("ca.pem", ca.cert);
        pem("other-ca.pem", otherCa.cert);
        pem("client.crt", client.cert);
        pem("client.key", client.keys.getPrivate()); // "EC PRIVATE KEY" (the CLI reads every PEM form)
        pem("server.crt", server.cert);
        pem("server-ec.crt", serverEc.cert);
        pem("server-pkcs1.key", server.keys.getPrivate()); // "RSA PRIVATE KEY"
        pem("server-ec.key", serverEc.keys.getPrivate());  // "EC PRIVATE KEY"
        pem("server-pkcs8.key", new JcaPKCS8Generator(server.keys.getPrivate(), null).generate());
        write("server-pkcs8-enc.key", w -> w.writeObject(new JcaPKCS8Generator(server.keys.getPrivate(),
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(BC)
                        .setPassword(KEY_PASSWORD.toCharArray()).build()).generate()));
        write("server-pkcs1-enc.key", w -> w.writeObject(server.keys.getPrivate(),
                new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(KEY_PASSWORD.toCharArray())));
        write("server-ec-enc.key", w -> w.writeObject(serverEc.keys.getPrivate(),
                new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(KEY_PASSWORD.toCharArray())));
    }

    /** Makes the PKI and writes its files into {@code dir}. */
    public static TestPki create(Path dir) {
        try {
            return new TestPki(dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test PKI", e);
        }
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** A client SSLContext that trusts {@code trusted} and presents {@code identity} (null = no client certificate). */
    public static SSLContext clientContext(Issued trusted, Issued identity) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(identity == null ? null : keyManagers(identity).getKeyManagers(),
                    trustManagers(trusted).getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TrustManagerFactory trustManagers(Issued trusted) throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        ks.setCertificateEntry("ca", trusted.cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    public static KeyManagerFactory keyManagers(Issued identity) throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        ks.setKeyEntry("me", identity.keys.getPrivate(), new char[0], new X509Certificate[] {identity.cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        return kmf;
    }

    /** A connected, handshaken TLS socket to 127.0.0.1:port. */
    public static SSLSocket connect(SSLContext ctx, int port) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        s.setTcpNoDelay(true);
        s.startHandshake();
        return s;
    }

    /** Closes quietly (test clean-up). */
    public static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static KeyPair ec() throws GeneralSecurityException {
        // BouncyCastle's EC keys encode the curve inside "EC PRIVATE KEY", as openssl writes it.
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static Issued ca(String subject, Instant now) throws Exception {
        KeyPair keys = ec();
        X500Name name = new X500Name(subject);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofDays(30))), Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(b, keys.getPrivate()));
    }

    private static Issued issue(Issued issuer, String subject, KeyPair keys, Instant from, Instant to, boolean server)
            throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer.cert, serial(), Date.from(from),
                Date.from(to), new X500Name(subject), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (server) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return new Issued(keys, sign(b, issuer.keys.getPrivate()));
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer) throws Exception {
        String alg = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private interface PemWrite {
        void write(JcaPEMWriter w) throws Exception;
    }

    private void pem(String name, Object o) throws Exception {
        write(name, w -> w.writeObject(o));
    }

    private void write(String name, PemWrite body) throws Exception {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            body.write(w);
        }
        Files.writeString(dir.resolve(name), s.toString());
    }
}
