package io.wrenmq.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** Authenticates API requests by their Authorization header: HTTP Basic (RFC 7617) or a JWT Bearer token. */
final class ApiAuth {
    private final HttpServerConfig.AuthType type;
    private final byte[] expectedBasic;
    private final JwtVerifier jwt;

    private ApiAuth(HttpServerConfig.AuthType type, byte[] expectedBasic, JwtVerifier jwt) {
        this.type = type;
        this.expectedBasic = expectedBasic;
        this.jwt = jwt;
    }

    static ApiAuth basic(String username, String password) {
        return new ApiAuth(HttpServerConfig.AuthType.BASIC, (username + ":" + password).getBytes(StandardCharsets.UTF_8), null);
    }

    static ApiAuth jwt(JwtVerifier verifier) {
        return new ApiAuth(HttpServerConfig.AuthType.JWT, null, verifier);
    }

    /** Throws a 401 unless the header authenticates. */
    void check(String authorization) {
        if (type == HttpServerConfig.AuthType.JWT) {
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw unauthorized("authentication required: Authorization: Bearer <JWT>");
            }
            jwt.verify(authorization.substring(7).trim(), System.currentTimeMillis() / 1000);
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized("authentication required: HTTP Basic with http_server.username and password");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            throw unauthorized("malformed Basic credentials");
        }
        // Constant time, so the comparison does not tell an attacker how much of the password was right.
        if (!MessageDigest.isEqual(given, expectedBasic)) {
            throw unauthorized("wrong username or password");
        }
    }

    boolean isBasic() {
        return type == HttpServerConfig.AuthType.BASIC;
    }

    private static ApiException unauthorized(String why) {
        return new ApiException(401, ApiException.WRONG_USERNAME_OR_PASSWORD, why);
    }
}
