package io.wrenmq.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.wrenmq.server.http.dashboard.DashboardSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

/**
 * Authenticates API requests: by their Authorization header, HTTP Basic (RFC 7617) or a JWT Bearer token; or, when
 * the dashboard is on, by its session cookie. A cookie is sent by the browser on its own (ambient credentials),
 * so a state-changing request authenticated by it must also carry the session's CSRF token in
 * {@value #CSRF_HEADER}, which another site's page cannot read (OWASP's synchronizer token pattern); SameSite=Strict
 * is the second line. Basic and Bearer headers are never added by a browser on another site's behalf, so requests
 * carrying them need no token.
 */
final class ApiAuth {
    static final String SESSION_COOKIE = "wrenmq_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

    private final HttpServerConfig.AuthType type;
    private final byte[] expectedBasic;
    private final JwtVerifier jwt;
    private final DashboardSessions sessions;

    private ApiAuth(HttpServerConfig.AuthType type, byte[] expectedBasic, JwtVerifier jwt, DashboardSessions sessions) {
        this.type = type;
        this.expectedBasic = expectedBasic;
        this.jwt = jwt;
        this.sessions = sessions;
    }

    static ApiAuth basic(String username, String password) {
        return new ApiAuth(HttpServerConfig.AuthType.BASIC, basicBytes(username, password), null, null);
    }

    static ApiAuth jwt(JwtVerifier verifier) {
        return new ApiAuth(HttpServerConfig.AuthType.JWT, null, verifier, null);
    }

    /** The same credentials, also accepting the dashboard's session cookies. */
    ApiAuth withSessions(DashboardSessions dashboardSessions) {
        return new ApiAuth(type, expectedBasic, jwt, dashboardSessions);
    }

    /**
     * Authenticates a request: the dashboard session it used (its idle timeout started again), or null when it
     * came with an Authorization header. Throws a 401 when neither authenticates, a 403 when a cookie-borne
     * state-changing request lacks the session's CSRF token.
     */
    DashboardSessions.Session check(String method, HttpHeaders headers) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        String sessionId = sessions == null ? null : sessionId(headers);
        if (authorization != null || sessionId == null) {
            check(authorization);
            return null;
        }
        DashboardSessions.Session s = sessions.use(sessionId).orElseThrow(() -> unauthorized(
                "the dashboard session has ended (logged out or idle too long); log in again"));
        if (STATE_CHANGING.contains(method)) {
            String token = headers.get(CSRF_HEADER);
            if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    s.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, ApiException.WRONG_USERNAME_OR_PASSWORD, (token == null ? "missing " : "wrong ")
                        + CSRF_HEADER + " header: a " + method + " with the dashboard's session cookie needs the"
                        + " session's csrf_token (GET /api/v4/dashboard/session)");
            }
        }
        return s;
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

    /**
     * The dashboard's login form: the REST API's username and password with Basic; with JWT the password field
     * carries a token (there is no password to check then). Throws a 401 when they do not authenticate.
     */
    void checkLogin(String username, String password) {
        if (type == HttpServerConfig.AuthType.JWT) {
            check("Bearer " + password);
        } else if (!MessageDigest.isEqual(basicBytes(username, password), expectedBasic)) {
            throw unauthorized("wrong username or password");
        }
    }

    boolean isBasic() {
        return type == HttpServerConfig.AuthType.BASIC;
    }

    static String sessionId(HttpHeaders headers) {
        String header = headers.get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (c.name().equals(SESSION_COOKIE)) {
                return c.value();
            }
        }
        return null;
    }

    private static byte[] basicBytes(String username, String password) {
        return (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    private static ApiException unauthorized(String why) {
        return new ApiException(401, ApiException.WRONG_USERNAME_OR_PASSWORD, why);
    }
}
