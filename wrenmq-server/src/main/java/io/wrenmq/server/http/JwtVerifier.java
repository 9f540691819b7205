package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checks RS256 JSON Web Tokens (RFC 7519) with the JDK's crypto, by NanoMQ's rules: the signature verifies with
 * the configured RSA public key, {@code alg} is RS256 (never "none" or an HMAC: algorithm confusion), {@code iss}
 * equals the key file's name and {@code exp} lies in the future.
 */
final class JwtVerifier {
    private final PublicKey key;
    private final String issuer;

    JwtVerifier(PublicKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** Reads a PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo) file; the issuer is the file's name. */
    static JwtVerifier fromPemFile(Path file) throws IOException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("http_server.jwt.public.keyfile cannot be read: " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        String b64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            PublicKey k = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
            return new JwtVerifier(k, file.getFileName().toString());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("http_server.jwt.public.keyfile " + file + " is not a PEM RSA public key (BEGIN PUBLIC KEY): "
                    + e.getMessage());
        }
    }

    /** Returns normally when the token is valid; otherwise throws a 401 saying why. */
    void verify(String token, long nowSeconds) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw unauthorized("the token is not a JWT (header.payload.signature)");
        }
        JsonNode header = decodeJson(parts[0]);
        if (!"RS256".equals(header.path("alg").asText())) {
            throw unauthorized("the token must be signed with RS256");
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw unauthorized("the token's signature does not verify");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw unauthorized("the token's signature does not verify");
        }
        JsonNode claims = decodeJson(parts[1]);
        if (!issuer.equals(claims.path("iss").asText(null))) {
            throw unauthorized("the token's iss must be " + issuer);
        }
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.canConvertToLong()) {
            throw unauthorized("the token has no exp");
        }
        if (exp.asLong() <= nowSeconds) {
            throw new ApiException(401, ApiException.TOKEN_EXPIRED, "the token has expired");
        }
    }

    private static JsonNode decodeJson(String part) {
        try {
            JsonNode n = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(part));
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException | IllegalArgumentException e) {
            // reported below
        }
        throw unauthorized("the token is not a JWT (bad base64url JSON)");
    }

    private static ApiException unauthorized(String why) {
        return new ApiException(401, ApiException.WRONG_USERNAME_OR_PASSWORD, why);
    }
}
