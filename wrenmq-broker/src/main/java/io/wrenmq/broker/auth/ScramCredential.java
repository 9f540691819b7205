package io.wrenmq.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a SCRAM-SHA-256 server keeps of a password (RFC 5802 section 3, RFC 7677): salt, iteration count,
 * StoredKey = H(HMAC(SaltedPassword, "Client Key")) and ServerKey = HMAC(SaltedPassword, "Server Key").
 * The password itself cannot be recovered from it.
 */
public record ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    /** RFC 7677 section 4: at least 4096 iterations. */
    public static final int MIN_ITERATIONS = 4096;

    public static ScramCredential derive(byte[] password, byte[] salt, int iterations) {
        byte[] salted = Pbkdf2.derive("PBKDF2WithHmacSHA256", password, salt, iterations, 32);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredential(salt, iterations, sha256(clientKey),
                hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] randomSalt() {
        return Pbkdf2.randomBytes(16);
    }

    /** A plain password check against these credentials (CONNECT with a password instead of AUTH). */
    public boolean matches(byte[] password) {
        return MessageDigest.isEqual(derive(password, salt, iterations).storedKey, storedKey);
    }

    /** The password-file form {@code $scram-sha-256$<iterations>$<salt>$<StoredKey>$<ServerKey>}. */
    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "$scram-sha-256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey)
                + "$" + b64.encodeToString(serverKey);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
