package io.wrenmq.broker.auth;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018) over raw password bytes. The JDK's PBEKeySpec takes a char[] and encodes it itself, which
 * cannot represent an MQTT password that is not UTF-8; this computes PBKDF2 with javax.crypto.Mac directly,
 * so the result equals mosquitto's and OpenSSL's for every byte string.
 */
final class Pbkdf2 {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pbkdf2() {
    }

    /** @param algorithm "PBKDF2WithHmacSHA512" or "PBKDF2WithHmacSHA256" */
    static byte[] derive(String algorithm, byte[] password, byte[] salt, int iterations, int length) {
        String hmac = algorithm.replace("PBKDF2With", "");
        try {
            Mac mac = Mac.getInstance(hmac);
            // An empty key is not allowed by SecretKeySpec; HMAC pads keys with zeros, so one zero byte is equal.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, hmac));
            int blockLen = mac.getMacLength();
            byte[] out = new byte[length];
            int blocks = (length + blockLen - 1) / blockLen;
            for (int i = 1; i <= blocks; i++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int j = 1; j < iterations; j++) {
                    u = mac.doFinal(u);
                    for (int k = 0; k < t.length; k++) {
                        t[k] ^= u[k];
                    }
                }
                System.arraycopy(t, 0, out, (i - 1) * blockLen, Math.min(blockLen, length - (i - 1) * blockLen));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is not available", e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
