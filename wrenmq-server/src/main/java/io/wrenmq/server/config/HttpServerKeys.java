package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.clampedInteger;
import static io.wrenmq.server.config.ValueTypes.clampedSize;
import static io.wrenmq.server.config.ValueTypes.duration;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.oneOf;
import static io.wrenmq.server.config.ValueTypes.text;

import io.wrenmq.broker.auth.AuthConfig;
import io.wrenmq.server.http.HttpServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The schema rows of {@code http_server { ... }}: the REST API (NanoMQ's keys; kept apart to keep ConfigSchema short). */
final class HttpServerKeys {
    /** Passwords every scanner tries first: NanoMQ's shipped "public" and the usual suspects. */
    private static final Set<String> WELL_KNOWN_PASSWORDS = Set.of("public", "admin", "password");

    private HttpServerKeys() {
    }

    static void register() {
        ConfigSchema.key("http_server.enable", bool(), "false", (t, v) -> t.httpServer().enable(v),
                t -> t.httpServer().enable(), "Whether the REST API (/api/v4) and the Prometheus endpoint are served;"
                        + " a written http_server { ... } block is on unless it says enable = false (NanoMQ's rule), no block = off.");
        ConfigSchema.key("http_server.port", integer(0, 65535), "8081", (t, v) -> t.httpServer().port(v),
                t -> t.httpServer().port(), "TCP port of the REST API; 0 = any free port.");
        ConfigSchema.key("http_server.ip_addr", text(), "\"127.0.0.1\"", (t, v) -> t.httpServer().ipAddr(v),
                t -> t.httpServer().ipAddr(),
                "Address the REST API binds; loopback by default (NanoMQ binds 0.0.0.0). Use \"0.0.0.0\" only behind a firewall or TLS proxy.");
        ConfigSchema.key("http_server.username", text(), "\"admin\"", (t, v) -> t.httpServer().username(v),
                t -> t.httpServer().username(), "User name of HTTP Basic authentication.");
        ConfigSchema.key("http_server.password", ListenerKeys.optionalText(), "\"\"", (t, v) -> t.httpServer().password(v),
                t -> t.httpServer().password(),
                "Password of HTTP Basic authentication; \"\" = a random one is generated at first start into data/http_password (owner-only) and logged once.");
        ConfigSchema.key("http_server.auth_type", oneOf(authTypes()), "basic", (t, v) -> t.httpServer().authType(v),
                t -> t.httpServer().authType(), "basic (username/password) or jwt (an RS256 Bearer token checked with jwt.public.keyfile).");
        ConfigSchema.key("http_server.jwt.public.keyfile", ListenerKeys.optionalText(), "\"\"",
                (t, v) -> t.httpServer().jwtPublicKeyFile(v == null || v.isEmpty() ? null : Path.of(v)),
                t -> t.httpServer().jwtPublicKeyFile() == null ? "" : t.httpServer().jwtPublicKeyFile().toString(),
                "PEM RSA public key verifying JWTs (auth_type = jwt); relative to WRENMQ_HOME. The token's iss must be this file's name.");
        ConfigSchema.key("http_server.limit_conn", clampedInteger(1, 65535), "32", (t, v) -> t.httpServer().limitConn(v),
                t -> t.httpServer().limitConn(), "HTTP connections open at once; more are answered 503 and closed.");
        ConfigSchema.key("http_server.max_body", clampedSize(1, 64L * 1024 * 1024, null), "1MB", (t, v) -> t.httpServer().maxBody(v),
                t -> t.httpServer().maxBody(), "Largest request body; a bigger one is refused with 413.");
        // WrenMQ's own (NanoMQ has no dashboard): docs/dashboard.md.
        ConfigSchema.key("http_server.dashboard.enable", bool(), "true", (t, v) -> t.httpServer().dashboardEnable(v),
                t -> t.httpServer().dashboardEnable(), "Whether the web dashboard is served at / (with the REST API's"
                        + " credentials); false = only /api/v4 and /metrics.");
        ConfigSchema.key("http_server.dashboard.session_timeout", duration(Duration.ofMinutes(1), Duration.ofDays(1)), "30m",
                (t, v) -> t.httpServer().dashboardSessionTimeout(v), t -> t.httpServer().dashboardSessionTimeout(),
                "A dashboard login ends after this long without a request (the cookie's Max-Age).");
    }

    /**
     * A warning when the REST API is on with Basic auth, a well-known password (NanoMQ's files ship admin/public)
     * and an address other hosts can reach; null otherwise.
     */
    static String defaultPasswordWarning(HttpServerConfig c) {
        if (!c.enable() || c.authType() != HttpServerConfig.AuthType.BASIC
                || !WELL_KNOWN_PASSWORDS.contains(c.password().toLowerCase(Locale.ROOT))
                || AuthConfig.isLoopback(c.ipAddr())) {
            return null;
        }
        return "the REST API password is the well-known \"" + c.password() + "\" and http_server.ip_addr " + c.ipAddr()
                + " is reachable from other hosts: anyone there can manage this broker (set another password,"
                + " or remove ip_addr to listen on 127.0.0.1 only)";
    }

    private static Map<String, HttpServerConfig.AuthType> authTypes() {
        Map<String, HttpServerConfig.AuthType> m = new LinkedHashMap<>();
        m.put("basic", HttpServerConfig.AuthType.BASIC);
        m.put("jwt", HttpServerConfig.AuthType.JWT);
        return m;
    }
}
