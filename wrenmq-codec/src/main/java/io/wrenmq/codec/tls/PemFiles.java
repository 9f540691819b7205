package io.wrenmq.codec.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM keys and certificates as users bring them: PKCS#8 ("PRIVATE KEY", "ENCRYPTED PRIVATE KEY") and
 * the traditional OpenSSL forms ("RSA PRIVATE KEY", "EC PRIVATE KEY", plain or with Proc-Type/DEK-Info
 * encryption). Netty and the JDK read only plain PKCS#8, hence BouncyCastle. Its provider is used as an
 * object for decryption only, never registered JVM-wide.
 */
public final class PemFiles {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PemFiles() {
    }

    /** A PEM file that cannot be used; the message says why, without the password. */
    public static final class PemException extends Exception {
        public PemException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The private key in {@code file}; {@code password} decrypts an encrypted one (null or empty for none). */
    public static PrivateKey readPrivateKey(Path file, String password) throws PemException {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                // `openssl ecparam -genkey` writes an "EC PARAMETERS" block first: skip anything that is not a key.
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    requirePassword(pw);
                    return decrypted(() -> converter.getPrivateKey(enc.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(pw))));
                }
                if (o instanceof PEMEncryptedKeyPair enc) {
                    requirePassword(pw);
                    return decrypted(() -> converter.getPrivateKey(enc.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(BC).build(pw)).getPrivateKeyInfo()));
                }
            }
            throw new PemException("no private key in it (expected a PEM block such as -----BEGIN PRIVATE KEY-----)", null);
        } catch (PemException e) {
            throw e;
        } catch (IOException e) {
            throw new PemException(describe(e), e);
        } catch (RuntimeException e) {
            throw new PemException("cannot read the key: " + describe(e), e);
        }
    }

    private interface Decryption {
        PrivateKey run() throws Exception;
    }

    /** BouncyCastle reports a wrong password as a cipher, padding or ASN.1 failure: say what it most likely is. */
    private static PrivateKey decrypted(Decryption d) throws PemException {
        try {
            return d.run();
        } catch (Exception e) {
            throw new PemException("cannot decrypt the key (wrong key_password?): " + describe(e), e);
        }
    }

    private static void requirePassword(char[] pw) throws PemException {
        if (pw.length == 0) {
            throw new PemException("the key is encrypted: set key_password", null);
        }
    }

    /** The certificates in {@code file}, in file order (a server certificate, then its chain). */
    public static X509Certificate[] readCertificates(Path file) throws PemException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new PemException("no certificate in it (expected -----BEGIN CERTIFICATE-----)", null);
            }
            return out.toArray(new X509Certificate[0]);
        } catch (IOException | CertificateException e) {
            throw new PemException(describe(e), e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
