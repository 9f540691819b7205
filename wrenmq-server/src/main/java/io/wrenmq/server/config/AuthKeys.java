package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.clampedDuration;
import static io.wrenmq.server.config.ValueTypes.clampedInteger;
import static io.wrenmq.server.config.ValueTypes.duration;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.oneOf;

import io.wrenmq.broker.auth.http.HttpAuthConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The schema rows of the authentication part of {@code auth { ... }} (kept apart to keep ConfigSchema short). */
final class AuthKeys {
    private AuthKeys() {
    }

    static void register() {
        ConfigSchema.key("auth.allow_anonymous", AuthValueTypes.trueFalseAuto(), "auto",
                (t, v) -> t.broker().auth().allowAnonymous(v), t -> t.broker().auth().allowAnonymous(),
                "Whether clients without a username may connect when no authenticator decides. auto = only when every listener binds a loopback address.");
        ConfigSchema.key("auth.password", AuthValueTypes.passwordList(), "{include \"pwd.conf\"}",
                (t, v) -> t.broker().auth().plaintextPasswords(v.pairs(), v.source()), null,
                "NanoMQ's plaintext \"user\": \"password\" pairs, usually included from a file (relative to the config file or WRENMQ_HOME). Warned about at start; prefer password_file.");
        ConfigSchema.key("auth.password_file", AuthValueTypes.optionalPath(), "\"\"",
                (t, v) -> t.broker().auth().passwordFile(v.isEmpty() ? null : Path.of(v)),
                t -> t.broker().auth().passwordFile() == null ? "" : t.broker().auth().passwordFile().toString(),
                "Hashed password file made by `wrenmq passwd` (or mosquitto_passwd); relative to WRENMQ_HOME. \"\" = none. Missing, empty or malformed stops start-up.");
        ConfigSchema.key("auth.scram_sha_256", bool(), "true", (t, v) -> t.broker().auth().scram(v), t -> t.broker().auth().scram(),
                "Offer MQTT 5 enhanced authentication with SCRAM-SHA-256 against the password lists ($scram-sha-256$ entries and plaintext ones).");
        ConfigSchema.key("auth.login_throttle.max_failures", integer(0, 1_000_000), "5",
                (t, v) -> t.broker().auth().throttleMaxFailures(v), t -> t.broker().auth().throttleMaxFailures(),
                "Failed logins from one client id or address within the window before refusals are delayed; 0 = never delay.");
        ConfigSchema.key("auth.login_throttle.window", duration(Duration.ofSeconds(1), Duration.ofDays(1)), "1m",
                (t, v) -> t.broker().auth().throttleWindow(v), t -> t.broker().auth().throttleWindow(),
                "How long failed logins are remembered.");
        ConfigSchema.key("auth.login_throttle.max_delay", duration(Duration.ZERO, Duration.ofMinutes(1)), "5s",
                (t, v) -> t.broker().auth().throttleMaxDelay(v), t -> t.broker().auth().throttleMaxDelay(),
                "Longest delay of a refusal (it starts at 500 ms and doubles with each further failure).");

        String h = "auth.http_auth.";
        ConfigSchema.key(h + "enable", bool(), "false", (t, v) -> t.broker().auth().http().enable(v), t -> t.broker().auth().http().enable(),
                "Whether HTTP authentication (auth_req, super_req, and acl_req for the ACL) is on; a written http_auth { ... } block is on unless it says enable = false (NanoMQ's rule).");
        ConfigSchema.key(h + "auth_req", AuthValueTypes.httpRequest(), "{}", (t, v) -> t.broker().auth().http().authReq(v), t -> t.broker().auth().http().authReq(),
                "{ url, method = post | get, headers { }, params { } } asked at CONNECT: 2xx allow (body \"ignore\": no opinion), 4xx deny (0x86). {} = none.");
        ConfigSchema.key(h + "super_req", AuthValueTypes.httpRequest(), "{}", (t, v) -> t.broker().auth().http().superReq(v), t -> t.broker().auth().http().superReq(),
                "Asked after auth_req allowed: 2xx makes the client a superuser (skips the ACL). {} = none.");
        ConfigSchema.key(h + "acl_req", AuthValueTypes.httpRequest(), "{}", (t, v) -> t.broker().auth().http().aclReq(v), t -> t.broker().auth().http().aclReq(),
                "Asked at publish (%A = 2) and subscribe (%A = 1): 2xx allow, 4xx deny. {} = none.");
        ConfigSchema.key(h + "timeout", clampedDuration(Duration.ofMillis(10), Duration.ofMinutes(5)), "5s",
                (t, v) -> t.broker().auth().http().timeout(v), t -> t.broker().auth().http().timeout(),
                "Longest wait for an HTTP answer; then error_action applies.");
        ConfigSchema.key(h + "connect_timeout", clampedDuration(Duration.ofMillis(10), Duration.ofMinutes(5)), "5s",
                (t, v) -> t.broker().auth().http().connectTimeout(v), t -> t.broker().auth().http().connectTimeout(),
                "Longest wait for the TCP connection to the HTTP service.");
        ConfigSchema.key(h + "pool_size", clampedInteger(1, 1024), "32", (t, v) -> t.broker().auth().http().poolSize(v), t -> t.broker().auth().http().poolSize(),
                "HTTP requests in flight at once; more wait in a bounded queue.");
        ConfigSchema.key(h + "cache_ttl", duration(Duration.ZERO, Duration.ofDays(1)), "0s",
                (t, v) -> t.broker().auth().http().cacheTtl(v), t -> t.broker().auth().http().cacheTtl(),
                "How long an acl_req answer is reused for the same client, action and topic; 0 = ask every time.");
        ConfigSchema.key(h + "error_action", oneOf(errorActions()), "ignore",
                (t, v) -> t.broker().auth().http().errorAction(v), t -> t.broker().auth().http().errorAction(),
                "What a failed HTTP request (5xx, timeout, refused) means: ignore (next authenticator / ACL rule decides) or deny.");
    }

    private static Map<String, HttpAuthConfig.ErrorAction> errorActions() {
        Map<String, HttpAuthConfig.ErrorAction> m = new LinkedHashMap<>();
        m.put("ignore", HttpAuthConfig.ErrorAction.IGNORE);
        m.put("deny", HttpAuthConfig.ErrorAction.DENY);
        return m;
    }
}
