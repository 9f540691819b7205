package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wrenmq.server.http.dashboard.MetricsHistory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's HTTP side against a real broker and HTTP server: its files (types, security headers, no path
 * traversal), login into a session cookie (flags), the cookie as credentials, CSRF on state-changing requests,
 * logout, throttled logins, and the history's shape.
 */
@Timeout(60)
class DashboardApiTest {
    private static final String LOGIN = "/api/v4/dashboard/login";

    @TempDir
    Path dir;

    /** A logged-in browser: its cookie header value and its CSRF token. */
    record Login(String cookie, String csrf, HttpResponse<String> response) {
        Map<String, String> cookieOnly() {
            return Map.of("Cookie", cookie);
        }

        Map<String, String> withToken(String token) {
            return Map.of("Cookie", cookie, "X-CSRF-Token", token);
        }
    }

    static Login login(ApiFixture api, String password) throws Exception {
        String saved = api.authorization;
        api.authorization = null;
        try {
            HttpResponse<String> r = api.post(LOGIN, "{\"username\": \"admin\", \"password\": \"" + password + "\"}");
            String setCookie = r.headers().firstValue("Set-Cookie").orElse("");
            String cookie = setCookie.contains(";") ? setCookie.substring(0, setCookie.indexOf(';')) : setCookie;
            String csrf = r.statusCode() == 200 ? ApiFixture.json(r).get("csrf_token").asText() : null;
            return new Login(cookie, csrf, r);
        } finally {
            api.authorization = saved;
        }
    }

    @Test
    void filesAreServedWithoutCredentialsWithTypesAndSecurityHeaders() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            api.authorization = null;
            HttpResponse<String> index = api.get("/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(index.body()).contains("id=\"login-form\"").doesNotContain("http://", "https://");
            assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));

            assertThat(api.get("/dashboard/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(api.get("/dashboard/style.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
            HttpResponse<String> chart = api.get("/dashboard/vendor/chartjs/chart.umd.min.js");
            assertThat(chart.statusCode()).isEqualTo(200);
            assertThat(chart.body()).startsWith("/*!\n * Chart.js v4");
            assertThat(api.get("/dashboard/vendor/chartjs/LICENSE.md").body()).contains("MIT");

            assertThat(api.get("/dashboard/nope.js").statusCode()).isEqualTo(404);
            assertThat(api.send("POST", "/", "{}").statusCode()).isEqualTo(405);
            // The API itself still wants credentials; other paths outside the API too (then they are 404).
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(401);
            assertThat(api.get("/index.html").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void noPathLeadsOutOfTheDashboardFolder() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            api.authorization = null;
            // Each would name a real resource of the jar (or of the class path) if it were resolved.
            for (String path : new String[] {"/dashboard/../META-INF/services/ch.qos.logback.classic.spi.Configurator",
                    "/dashboard/..%2fMETA-INF%2fservices%2fch.qos.logback.classic.spi.Configurator",
                    "/dashboard/%2e%2e/META-INF/services/ch.qos.logback.classic.spi.Configurator",
                    "/dashboard/vendor/../../io/wrenmq/server/WrenServer.class",
                    "/dashboard/vendor/..%5c..%5cindex.html", "/dashboard//etc/passwd", "/dashboard/%2fetc%2fpasswd",
                    "/dashboard/.%2e/.%2e/logback.xml", "/dashboard/vendor/chartjs/../../index.html"}) {
                HttpResponse<String> r = api.get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.body()).as(path).startsWith("{\"code\":");
            }
        }
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieThatAuthenticatesTheApi() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "http_server.dashboard.session_timeout = 2m\n")) {
            Login wrong = login(api, "nope");
            assertThat(wrong.response().statusCode()).isEqualTo(401);
            assertThat(wrong.response().headers().firstValue("Set-Cookie")).isEmpty();

            Login ok = login(api, ApiFixture.PASSWORD);
            assertThat(ok.response().statusCode()).isEqualTo(200);
            String setCookie = ok.response().headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith("wrenmq_session=").contains("; HTTPOnly", "; SameSite=Strict", "; Path=/",
                    "; Max-Age=120").doesNotContain("Secure");
            // 256 random bits, base64url without padding.
            assertThat(ok.cookie().substring("wrenmq_session=".length())).matches("[A-Za-z0-9_-]{43}");
            assertThat(ok.csrf()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(ok.cookie());

            api.authorization = null;
            assertThat(api.send("GET", "/api/v4/clients", null, ok.cookieOnly()).statusCode()).isEqualTo(200);
            HttpResponse<String> session = api.send("GET", "/api/v4/dashboard/session", null, ok.cookieOnly());
            assertThat(ApiFixture.json(session).get("username").asText()).isEqualTo("admin");
            assertThat(ApiFixture.json(session).get("csrf_token").asText()).isEqualTo(ok.csrf());
            assertThat(ApiFixture.json(session).get("expires_at").asLong()).isGreaterThan(System.currentTimeMillis() + 60_000);
            // Each request renews the cookie, as it restarts the idle timeout.
            assertThat(session.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=120"));

            HttpResponse<String> forged = api.send("GET", "/api/v4/clients", null, Map.of("Cookie", "wrenmq_session=forged"));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(ApiFixture.json(forged).get("message").asText()).contains("log in again");
            // Behind a TLS proxy the cookie is Secure.
            HttpResponse<String> proxied = api.send("GET", "/api/v4/dashboard/session", null,
                    Map.of("Cookie", ok.cookie(), "X-Forwarded-Proto", "https"));
            assertThat(proxied.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("; Secure"));
        }
    }

    @Test
    void withJwtAuthTheLoginTakesATokenAsThePassword() throws Exception {
        KeyPair keys = HttpApiAuthTest.writeJwtKey(dir);
        long now = System.currentTimeMillis() / 1000;
        try (ApiFixture api = ApiFixture.startRaw(dir,
                "http_server { auth_type = jwt, jwt.public.keyfile = \"jwt_pub.pem\" }\n")) {
            assertThat(login(api, "not-a-token").response().statusCode()).isEqualTo(401);
            assertThat(login(api, HttpApiAuthTest.token(keys.getPrivate(), "RS256", "jwt_pub.pem", now - 10))
                    .response().statusCode()).as("expired").isEqualTo(401);

            Login ok = login(api, HttpApiAuthTest.token(keys.getPrivate(), "RS256", "jwt_pub.pem", now + 600));
            assertThat(ok.response().statusCode()).isEqualTo(200);
            api.authorization = null;
            assertThat(api.send("GET", "/api/v4/clients", null, ok.cookieOnly()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void stateChangingRequestsWithTheCookieNeedTheCsrfToken() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            String basic = api.authorization;
            Login ok = login(api, ApiFixture.PASSWORD);
            String publish = "{\"topic\": \"t/csrf\", \"payload\": \"x\", \"retain\": true}";
            api.authorization = null;

            HttpResponse<String> missing = api.send("POST", "/api/v4/mqtt/publish", publish, ok.cookieOnly());
            assertThat(missing.statusCode()).isEqualTo(403);
            assertThat(ApiFixture.json(missing).get("message").asText()).contains("missing X-CSRF-Token");
            HttpResponse<String> wrong = api.send("POST", "/api/v4/mqtt/publish", publish, ok.withToken("x" + ok.csrf()));
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(ApiFixture.json(wrong).get("message").asText()).contains("wrong X-CSRF-Token");
            assertThat(api.send("DELETE", "/api/v4/mqtt/retained/t%2Fcsrf", null, ok.cookieOnly()).statusCode()).isEqualTo(403);
            assertThat(api.broker().router().retainedStore().get("t/csrf")).isNull();

            assertThat(api.send("POST", "/api/v4/mqtt/publish", publish, ok.withToken(ok.csrf())).statusCode()).isEqualTo(200);
            assertThat(api.broker().router().retainedStore().get("t/csrf")).isNotNull();
            // Reading needs no token.
            assertThat(api.send("GET", "/api/v4/mqtt/retained", null, ok.cookieOnly()).statusCode()).isEqualTo(200);

            // Basic (no ambient credentials) needs none, even next to a cookie.
            api.authorization = basic;
            assertThat(api.send("DELETE", "/api/v4/mqtt/retained/t%2Fcsrf", null, ok.cookieOnly()).statusCode()).isEqualTo(200);
            assertThat(api.broker().router().retainedStore().get("t/csrf")).isNull();
        }
    }

    @Test
    void logoutEndsTheSessionOnTheServer() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            Login ok = login(api, ApiFixture.PASSWORD);
            api.authorization = null;
            assertThat(api.send("POST", "/api/v4/dashboard/logout", null, ok.cookieOnly()).statusCode()).isEqualTo(403);

            HttpResponse<String> out = api.send("POST", "/api/v4/dashboard/logout", null, ok.withToken(ok.csrf()));
            assertThat(out.statusCode()).isEqualTo(200);
            assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                    assertThat(c).startsWith("wrenmq_session=;").contains("Max-Age=0"));
            // The old cookie (kept by an attacker, say) no longer works.
            assertThat(api.send("GET", "/api/v4/clients", null, ok.cookieOnly()).statusCode()).isEqualTo(401);
            assertThat(api.send("GET", "/api/v4/dashboard/session", null, ok.cookieOnly()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aSessionEndsAfterTheIdleTimeoutAndEachRequestRestartsIt() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "http_server.dashboard.session_timeout = 2m\n")) {
            Login ok = login(api, ApiFixture.PASSWORD);
            api.authorization = null;
            api.clockSkewMillis.set(Duration.ofSeconds(110).toMillis());
            assertThat(api.send("GET", "/api/v4/clients", null, ok.cookieOnly()).statusCode()).isEqualTo(200);
            api.clockSkewMillis.set(Duration.ofSeconds(220).toMillis()); // 110 s after the last request
            assertThat(api.send("GET", "/api/v4/clients", null, ok.cookieOnly()).statusCode()).isEqualTo(200);

            api.clockSkewMillis.set(Duration.ofSeconds(341).toMillis()); // 121 s idle
            HttpResponse<String> expired = api.send("GET", "/api/v4/clients", null, ok.cookieOnly());
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(ApiFixture.json(expired).get("message").asText()).contains("idle too long");
            assertThat(api.send("GET", "/api/v4/dashboard/session", null, ok.cookieOnly()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void fiveWrongPasswordsLockTheAddressOutWithRetryAfter() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            for (int i = 0; i < DashboardEndpoints.MAX_FAILURES; i++) {
                assertThat(login(api, "guess" + i).response().statusCode()).isEqualTo(401);
            }
            // Now even the right password is refused, without being checked.
            Login locked = login(api, ApiFixture.PASSWORD);
            assertThat(locked.response().statusCode()).isEqualTo(429);
            assertThat(locked.response().headers().firstValue("Retry-After")).hasValueSatisfying(s ->
                    assertThat(Long.parseLong(s)).isBetween(1L, 300L));
            assertThat(ApiFixture.json(locked.response()).get("message").asText()).contains("too many failed logins");
            // The REST API with Basic is not affected.
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unauthenticatedDashboardRequestsGetNoPasswordPrompt() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            api.authorization = null;
            HttpResponse<String> plain = api.get("/api/v4/dashboard/session");
            assertThat(plain.statusCode()).isEqualTo(401);
            assertThat(plain.headers().firstValue("WWW-Authenticate")).isPresent();
            HttpResponse<String> fromPage = api.send("GET", "/api/v4/dashboard/session", null,
                    Map.of("X-Requested-With", "wrenmq-dashboard"));
            assertThat(fromPage.statusCode()).isEqualTo(401);
            assertThat(fromPage.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }

    @Test
    void historyHasTheLastHourEveryTenSecondsAndStartsWithTheFirstUse() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            MetricsHistory history = api.http.dashboard().history();
            assertThat(history.running()).as("no sampling while nobody uses the dashboard").isFalse();
            JsonNode h = api.getJson("/api/v4/dashboard/history");
            assertThat(history.running()).isTrue();
            assertThat(h.get("interval_seconds").asInt()).isEqualTo(10);
            assertThat(h.get("capacity").asInt()).isEqualTo(360);
            // The first sample comes at once: gauges, and no rates yet.
            await().atMost(Duration.ofSeconds(5)).until(() -> history.samples().size() >= 1);
            JsonNode first = api.getJson("/api/v4/dashboard/history").get("samples").get(0);
            assertThat(first.get("time").asLong()).isPositive();
            assertThat(first.get("connections").asInt()).isZero();
            assertThat(first.get("retained").asInt()).isPositive(); // $SYS
            assertThat(first.get("heap_used").asLong()).isPositive();
            assertThat(first.get("messages_in").isNull()).isTrue();
            assertThat(first.has("process_cpu")).isTrue();
            assertThat(first.has("sessions") && first.has("subscriptions") && first.has("messages_out")
                    && first.has("messages_dropped")).isTrue();
        }
    }

    @Test
    void listenersAreTheRunningOnesWithTheirBoundPorts() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            JsonNode l = api.getJson("/api/v4/dashboard/listeners");
            assertThat(l).hasSize(1);
            assertThat(l.get(0).get("type").asText()).isEqualTo("tcp");
            assertThat(l.get(0).get("bind").asText()).isEqualTo("127.0.0.1:" + api.mqttPort());
        }
    }

    @Test
    void aWebSocketListenerIsListedWithItsPathAndAllowedOnThePagesHostOnly() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "listeners.ws { bind = \"127.0.0.1:0/ws\" }\n")) {
            JsonNode ws = api.getJson("/api/v4/dashboard/listeners").get(1);
            assertThat(ws.get("type").asText()).isEqualTo("ws");
            assertThat(ws.get("path").asText()).isEqualTo("/ws");
            String port = ws.get("bind").asText().substring(ws.get("bind").asText().lastIndexOf(':'));
            assertThat(api.get("/").headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("connect-src 'self' ws://127.0.0.1" + port + ";"));
            // The host as the browser sent it (a name, IPv6), and nothing for a Host header that is not plain.
            assertThat(api.http.dashboard().csp("broker.local:8081")).contains("connect-src 'self' ws://broker.local" + port + ";");
            assertThat(api.http.dashboard().csp("[::1]:8081")).contains("connect-src 'self' ws://[::1]" + port + ";");
            assertThat(api.http.dashboard().csp("evil.example;script-src *")).isEqualTo(DashboardEndpoints.CSP);
        }
    }

    @Test
    void theDashboardCanBeSwitchedOff() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "http_server.dashboard.enable = false\n")) {
            assertThat(api.http.dashboard()).isNull();
            assertThat(api.get("/").statusCode()).isEqualTo(404);
            assertThat(api.get("/dashboard/app.js").statusCode()).isEqualTo(404);
            api.authorization = null;
            assertThat(api.get("/").statusCode()).isEqualTo(401);
            assertThat(login(api, ApiFixture.PASSWORD).response().statusCode()).isEqualTo(401);
            assertThat(login(api, ApiFixture.PASSWORD).response().headers().firstValue("Set-Cookie")).isEmpty();
        }
    }
}
