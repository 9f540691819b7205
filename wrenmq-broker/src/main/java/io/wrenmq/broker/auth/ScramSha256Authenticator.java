package io.wrenmq.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * MQTT 5 enhanced authentication with SCRAM-SHA-256 (RFC 5802, RFC 7677), checked against the password
 * lists: {@code $scram-sha-256$} lines of the password file (written by {@code wrenmq passwd --scram}) and
 * NanoMQ plaintext entries (credentials derived per exchange). Other hash forms cannot serve SCRAM.
 *
 * <p>Exchange: CONNECT carries client-first-message, AUTH 0x18 from the broker carries server-first-message,
 * AUTH 0x18 from the client carries client-final-message, and CONNACK carries server-final-message
 * ({@code v=<ServerSignature>}) so the client can check the broker knew the password too. Channel binding
 * and authorization identities are not supported (gs2 header {@code n,,} or {@code y,,}).
 */
public final class ScramSha256Authenticator implements EnhancedAuthenticator {
    public static final String METHOD = "SCRAM-SHA-256";

    private final List<PasswordAuthenticator> sources;

    public ScramSha256Authenticator(List<PasswordAuthenticator> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public EnhancedAuthExchange begin(AuthRequest request) {
        return new Exchange();
    }

    private ScramCredential credentialOf(String user) {
        for (PasswordAuthenticator p : sources) {
            PasswordHash h = p.lookup(user);
            if (h != null) {
                return h.scram();
            }
        }
        return null;
    }

    private final class Exchange implements EnhancedAuthExchange {
        private String user;
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private ScramCredential credential;
        private boolean finished;

        @Override
        public CompletableFuture<EnhancedAuthStep> step(byte[] clientData) {
            EnhancedAuthStep s;
            try {
                s = clientFirstBare == null ? first(text(clientData)) : last(text(clientData));
            } catch (IllegalArgumentException e) {
                s = EnhancedAuthStep.finish(AuthResult.notAuthorized("SCRAM: " + e.getMessage()), null);
            }
            return CompletableFuture.completedFuture(s);
        }

        private EnhancedAuthStep first(String msg) {
            if (!(msg.startsWith("n,,") || msg.startsWith("y,,"))) {
                throw new IllegalArgumentException("client-first-message must start with n,, (no channel binding, no authzid)");
            }
            clientFirstBare = msg.substring(3);
            String n = attribute(clientFirstBare, "n");
            String clientNonce = attribute(clientFirstBare, "r");
            user = n.replace("=2C", ",").replace("=3D", "=");
            credential = credentialOf(user);
            if (credential == null) {
                // Do not tell an unknown user from a wrong password: continue with made-up values, fail at the end.
                credential = new ScramCredential(ScramCredential.randomSalt(), ScramCredential.MIN_ITERATIONS,
                        Pbkdf2.randomBytes(32), Pbkdf2.randomBytes(32));
                user = null;
            }
            nonce = clientNonce + Base64.getEncoder().withoutPadding().encodeToString(Pbkdf2.randomBytes(18));
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt()) + ",i="
                    + credential.iterations();
            return EnhancedAuthStep.proceed(serverFirst.getBytes(StandardCharsets.UTF_8));
        }

        private EnhancedAuthStep last(String msg) {
            if (finished) {
                throw new IllegalArgumentException("exchange already finished");
            }
            finished = true;
            int p = msg.lastIndexOf(",p=");
            if (p < 0) {
                throw new IllegalArgumentException("client-final-message without proof");
            }
            String withoutProof = msg.substring(0, p);
            if (!nonce.equals(attribute(withoutProof, "r"))) {
                throw new IllegalArgumentException("nonce mismatch");
            }
            byte[] proof = Base64.getDecoder().decode(msg.substring(p + 3));
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] signature = ScramCredential.hmac(credential.storedKey(), authMessage);
            if (proof.length != signature.length) {
                throw new IllegalArgumentException("proof has the wrong length");
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ signature[i]);
            }
            if (user == null || !MessageDigest.isEqual(ScramCredential.sha256(clientKey), credential.storedKey())) {
                return EnhancedAuthStep.finish(AuthResult.badCredentials("SCRAM-SHA-256 proof does not match"), null);
            }
            byte[] serverSignature = ScramCredential.hmac(credential.serverKey(), authMessage);
            String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
            return EnhancedAuthStep.finish(AuthResult.allowAs(user, false), serverFinal.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("no Authentication Data");
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The value of {@code key=} in a comma-separated SCRAM message. */
    private static String attribute(String msg, String key) {
        for (String part : msg.split(",")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new IllegalArgumentException("missing attribute " + key);
    }
}
