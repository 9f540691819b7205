package io.wrenmq.broker.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One stored password: a hash in one of the forms a password file may hold, or NanoMQ's plaintext.
 * Every comparison is constant-time ({@link MessageDigest#isEqual}) so the time taken says nothing about
 * how much of a guess was right.
 *
 * <ul>
 *   <li>{@code $7$<iterations>$<salt b64>$<hash b64>}: PBKDF2-HMAC-SHA512, 64-byte hash (mosquitto_passwd 2.x)</li>
 *   <li>{@code $6$<salt b64>$<hash b64>}: SHA-512 of password then salt (mosquitto_passwd 1.x)</li>
 *   <li>{@code $2a$ / $2b$ / $2y$}: bcrypt</li>
 *   <li>{@code $scram-sha-256$<iterations>$<salt b64>$<StoredKey b64>$<ServerKey b64>} (RFC 5802/7677): also
 *       usable for MQTT 5 SCRAM-SHA-256 enhanced authentication</li>
 * </ul>
 */
public interface PasswordHash {

    /** Whether {@code password} matches. May be slow (key stretching): call it off the event loop. */
    boolean verify(byte[] password);

    /** Whether {@link #verify} is cheap enough to run on an event loop (plaintext, a single SHA-512). */
    default boolean cheap() {
        return false;
    }

    /** SCRAM-SHA-256 credentials for enhanced authentication, or null when this form cannot provide them. */
    default ScramCredential scram() {
        return null;
    }

    /** Parses the hash part of a password file line; throws IllegalArgumentException saying what is wrong. */
    static PasswordHash parse(String text) {
        if (text.startsWith("$7$")) {
            String[] p = fields(text, 5, "$7$<iterations>$<salt>$<hash>");
            int iterations = iterations(p[2]);
            return pbkdf2Sha512(iterations, base64(p[3], "salt"), base64(p[4], "hash"));
        }
        if (text.startsWith("$6$")) {
            String[] p = fields(text, 4, "$6$<salt>$<hash>");
            byte[] salt = base64(p[2], "salt");
            byte[] expected = base64(p[3], "hash");
            return new PasswordHash() {
                @Override
                public boolean verify(byte[] password) {
                    MessageDigest sha = sha512();
                    sha.update(password);
                    sha.update(salt);
                    return MessageDigest.isEqual(sha.digest(), expected);
                }

                @Override
                public boolean cheap() {
                    return true;
                }
            };
        }
        if (text.startsWith("$2a$") || text.startsWith("$2b$") || text.startsWith("$2y$")) {
            byte[] hash = text.getBytes(StandardCharsets.US_ASCII);
            if (text.length() != 60) {
                throw new IllegalArgumentException("a bcrypt hash has 60 characters, this one " + text.length());
            }
            // BCrypt compares in constant time itself.
            return password -> BCrypt.verifyer().verify(password, hash).verified;
        }
        if (text.startsWith("$scram-sha-256$")) {
            String[] p = fields(text, 6, "$scram-sha-256$<iterations>$<salt>$<StoredKey>$<ServerKey>");
            ScramCredential c = new ScramCredential(base64(p[3], "salt"), iterations(p[2]),
                    base64(p[4], "StoredKey"), base64(p[5], "ServerKey"));
            return new PasswordHash() {
                @Override
                public boolean verify(byte[] password) {
                    return c.matches(password);
                }

                @Override
                public ScramCredential scram() {
                    return c;
                }
            };
        }
        throw new IllegalArgumentException("unknown password hash (expected $7$, $6$, $2b$ or $scram-sha-256$; "
                + "create entries with `wrenmq passwd`)");
    }

    /** NanoMQ's plaintext password; SCRAM credentials are derived from it on demand. */
    static PasswordHash plaintext(String password) {
        byte[] expected = password.getBytes(StandardCharsets.UTF_8);
        return new PasswordHash() {
            @Override
            public boolean verify(byte[] candidate) {
                return MessageDigest.isEqual(candidate, expected);
            }

            @Override
            public boolean cheap() {
                return true;
            }

            @Override
            public ScramCredential scram() {
                return ScramCredential.derive(expected, ScramCredential.randomSalt(), ScramCredential.MIN_ITERATIONS);
            }
        };
    }

    static PasswordHash pbkdf2Sha512(int iterations, byte[] salt, byte[] expected) {
        if (expected.length == 0) {
            throw new IllegalArgumentException("empty hash");
        }
        return password -> MessageDigest.isEqual(Pbkdf2.derive("PBKDF2WithHmacSHA512", password, salt, iterations,
                expected.length), expected);
    }

    /** A new $7$ line part: PBKDF2-HMAC-SHA512 with a random 12-byte salt, the layout mosquitto_passwd writes. */
    static String encodePbkdf2Sha512(byte[] password, int iterations) {
        byte[] salt = Pbkdf2.randomBytes(12);
        byte[] hash = Pbkdf2.derive("PBKDF2WithHmacSHA512", password, salt, iterations, 64);
        Base64.Encoder b64 = Base64.getEncoder();
        return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static String[] fields(String text, int count, String layout) {
        String[] p = text.split("\\$", -1);
        if (p.length != count) {
            throw new IllegalArgumentException("malformed hash: expected " + layout);
        }
        return p;
    }

    private static int iterations(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations must be a positive number: " + text);
        }
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64");
        }
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
