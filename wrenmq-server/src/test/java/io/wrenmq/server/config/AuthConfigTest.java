package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.auth.AuthConfig;
import io.wrenmq.broker.auth.http.HttpAuthConfig;
import io.wrenmq.broker.auth.http.HttpRequestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth block: NanoMQ's password include (fail closed), password_file, allow_anonymous, http_auth, throttling. */
class AuthConfigTest {
    @TempDir
    Path dir;

    @Test
    void nanomqPasswordIncludeIsReadRelativeToTheConfigFile() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/pwd.conf"), "\"admin\": \"public\"\n\"client\": \"public2\"\n");
        Path f = ConfigFiles.write(dir.resolve("etc"), "wrenmq.conf", """
                auth { allow_anonymous = false, password = {include "pwd.conf"} }
                """);
        AuthConfig a = ConfigLoader.load(f, Map.of()).broker().auth();
        assertThat(a.allowAnonymous()).isFalse();
        assertThat(a.plaintextPasswords()).containsOnly(Map.entry("admin", "public"), Map.entry("client", "public2"));
        assertThat(a.plaintextSource()).endsWith("pwd.conf");
    }

    @Test
    void nanomqStyleIncludePathFallsBackToWrenmqHome() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/nanomq_pwd.conf"), "\"u\": \"p\"\n");
        Path f = ConfigFiles.write(dir.resolve("etc"), "wrenmq.conf", "auth.password = {include \"etc/nanomq_pwd.conf\"}\n");
        AuthConfig a = ConfigLoader.load(f, Map.of("WRENMQ_HOME", dir.toString())).broker().auth();
        assertThat(a.plaintextPasswords()).containsEntry("u", "p");
    }

    @Test
    void aMissingIncludeStopsStartUpInsteadOfMeaningNoPasswords() throws Exception {
        Path f = ConfigFiles.write(dir, "wrenmq.conf", "auth { password = {include \"nope.conf\"} }\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("nope.conf").hasMessageContaining("not found");
    }

    @Test
    void anEmptyOrMalformedPasswordIncludeIsRefusedWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("empty.conf"), "# no users\n");
        Path f = ConfigFiles.write(dir, "a.conf", "auth.password = {include \"empty.conf\"}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("auth.password").hasMessageContaining("empty");
        Files.writeString(dir.resolve("bad.conf"), "\"a\": \"x\"\n\"b\": 1234\n");
        Path g = ConfigFiles.write(dir, "b.conf", "auth.password = {include \"bad.conf\"}\n");
        assertThatThrownBy(() -> ConfigLoader.load(g, Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("bad.conf:2").hasMessageContaining("user b");
        Files.writeString(dir.resolve("syntax.conf"), "\"a\": \"x\"\n\"b\" \"y\" }\n");
        Path h = ConfigFiles.write(dir, "c.conf", "auth.password = {include \"syntax.conf\"}\n");
        assertThatThrownBy(() -> ConfigLoader.load(h, Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("syntax.conf:2");
    }

    @Test
    void allowAnonymousAcceptsAuto() throws Exception {
        Path f = ConfigFiles.write(dir, "a.conf", "auth.allow_anonymous = auto\nauth.password_file = \"etc/wrenmq.passwd\"\n");
        AuthConfig a = ConfigLoader.load(f, Map.of()).broker().auth();
        assertThat(a.allowAnonymous()).isNull();
        assertThat(a.passwordFile()).isEqualTo(Path.of("etc/wrenmq.passwd"));
        Path g = ConfigFiles.write(dir, "b.conf", "auth.allow_anonymous = maybe\n");
        assertThatThrownBy(() -> ConfigLoader.load(g, Map.of())).hasMessageContaining("b.conf:1").hasMessageContaining("auto");
    }

    @Test
    void environmentOverridesReachTheAuthKeys() throws Exception {
        AuthConfig a = ConfigLoader.load(null, Map.of("WRENMQ_AUTH__ALLOW_ANONYMOUS", "false",
                "WRENMQ_AUTH__PASSWORD_FILE", "etc/x.passwd", "WRENMQ_AUTH__HTTP_AUTH__ERROR_ACTION", "deny")).broker().auth();
        assertThat(a.allowAnonymous()).isFalse();
        assertThat(a.passwordFile()).isEqualTo(Path.of("etc/x.passwd"));
        assertThat(a.http().errorAction()).isEqualTo(HttpAuthConfig.ErrorAction.DENY);
    }

    @Test
    void httpAuthBlockWithNanomqKeys() throws Exception {
        Path f = ConfigFiles.write(dir, "a.conf", """
                auth {
                  http_auth {
                    enable = true
                    auth_req {
                      url = "http://127.0.0.1:8991/mqtt/auth"
                      method = post
                      headers.content-type = "application/json"
                      params = { clientid = "%c", username = "%u", password = "%P" }
                    }
                    super_req { url = "http://127.0.0.1:8991/mqtt/superuser", method = get, params { u = "%u" } }
                    acl_req { url = "http://127.0.0.1:8991/mqtt/acl", params { access = "%A", topic = "%t" } }
                    timeout = 2s
                    connect_timeout = 1s
                    pool_size = 8
                    cache_ttl = 30s
                    error_action = deny
                  }
                  login_throttle { max_failures = 3, window = 30s, max_delay = 2s }
                }
                """);
        AuthConfig a = ConfigLoader.load(f, Map.of()).broker().auth();
        HttpAuthConfig h = a.http();
        assertThat(h.enable()).isTrue();
        assertThat(h.authReq().method()).isEqualTo(HttpRequestSpec.Method.POST);
        assertThat(h.authReq().headers()).containsEntry("content-type", "application/json");
        assertThat(h.authReq().params()).containsOnly(Map.entry("clientid", "%c"), Map.entry("username", "%u"),
                Map.entry("password", "%P"));
        assertThat(h.superReq().method()).isEqualTo(HttpRequestSpec.Method.GET);
        assertThat(h.aclReq().url().toString()).isEqualTo("http://127.0.0.1:8991/mqtt/acl");
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(h.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(h.poolSize()).isEqualTo(8);
        assertThat(h.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.errorAction()).isEqualTo(HttpAuthConfig.ErrorAction.DENY);
        assertThat(a.throttleMaxFailures()).isEqualTo(3);
        assertThat(a.throttleWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.throttleMaxDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void badHttpRequestBlocksAreExplained() throws Exception {
        Path f = ConfigFiles.write(dir, "a.conf", "auth.http_auth.auth_req { url = \"ftp://x\" }\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).hasMessageContaining("http://");
        Path g = ConfigFiles.write(dir, "b.conf", "auth.http_auth.auth_req {\n url = \"http://x\"\n methd = get }\n");
        assertThatThrownBy(() -> ConfigLoader.load(g, Map.of())).hasMessageContaining("b.conf:3").hasMessageContaining("methd");
        Path h = ConfigFiles.write(dir, "c.conf", "auth.http_auth.auth_req { url = \"http://x\", method = put }\n");
        assertThatThrownBy(() -> ConfigLoader.load(h, Map.of())).hasMessageContaining("put");
    }
}
