package io.wrenmq.server.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.auth.AclAction;
import io.wrenmq.broker.auth.AclConfig;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.broker.auth.AclRules;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** auth.* keys, both ways of naming the ACL file, fail-closed start-up errors, and reload. */
@Timeout(30)
class AclConfigTest {
    static final String RULES = """
            rules = [
              {"permit": "allow", "username": "dashboard", "action": "subscribe", "topics": ["$SYS/#"]}
              {"permit": "deny", "username": "#", "action": "subscribe", "topics": ["$SYS/#", {eq = "#"}]}
              {"permit": "allow"}
            ]
            """;

    @TempDir
    Path dir;

    private ServerConfig load(String conf) throws Exception {
        Path f = dir.resolve("wrenmq.conf");
        Files.writeString(f, conf);
        ServerConfig c = ConfigLoader.load(f, Map.of());
        AclLoader.load(c.broker().acl(), dir);
        return c;
    }

    private static String message(Throwable e) {
        return ((InvalidConfigException) e).getMessage();
    }

    @Test
    void nanoMqIncludeFormAndTheOtherKeys() throws Exception {
        Files.writeString(dir.resolve("nanomq_acl.conf"), RULES);
        ServerConfig c = load("""
                auth {
                  no_match = deny
                  deny_action = disconnect
                  cache = { max_size = 8, ttl = 30s }
                  acl = {include "nanomq_acl.conf"}
                }
                """);
        AclConfig acl = c.broker().acl();
        assertThat(acl.noMatch()).isEqualTo(AclConfig.NoMatch.DENY);
        assertThat(acl.denyAction()).isEqualTo(AclConfig.DenyAction.DISCONNECT);
        assertThat(acl.cacheMaxSize()).isEqualTo(8);
        assertThat(acl.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(acl.rulesFile()).isEqualTo(dir.resolve("nanomq_acl.conf"));
        assertThat(acl.rules().rules()).hasSize(3);
        ClientIdentity anyone = ClientIdentity.ofClientId("c");
        assertThat(acl.rules().decide(anyone, AclAction.SUBSCRIBE, "#")).isEqualTo(AclDecision.DENY);
    }

    @Test
    void aclFileKeyIsRelativeToTheBaseDirectory() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/acl.conf"), RULES);
        ServerConfig c = load("auth.acl_file = \"etc/acl.conf\"\n");
        assertThat(c.broker().acl().rulesFile()).isEqualTo(dir.resolve("etc/acl.conf"));
        assertThat(c.broker().acl().rules().rules()).hasSize(3);
    }

    @Test
    void noAclConfiguredMeansNoRules() throws Exception {
        ServerConfig c = load("auth { no_match = allow }\n");
        assertThat(c.broker().acl().rules()).isNull();
    }

    @Test
    void missingIncludedFileStopsStartUpNamingIt() {
        assertThatThrownBy(() -> load("auth {\n  acl = {include \"missing_acl.conf\"}\n}\n"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(message(e)).contains("wrenmq.conf:2").contains("missing_acl.conf")
                        .contains("file not found"));
    }

    @Test
    void missingAclFileStopsStartUp() {
        assertThatThrownBy(() -> load("auth.acl_file = \"nope.conf\"\n"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(message(e)).contains(dir.resolve("nope.conf").toString()).contains("not found"));
    }

    @Test
    void emptyAndMalformedFilesStopStartUpWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("empty.conf"), "\n");
        assertThatThrownBy(() -> load("auth.acl_file = \"empty.conf\"\n"))
                .satisfies(e -> assertThat(message(e)).contains("empty.conf").contains("no rules"));
        Files.writeString(dir.resolve("bad.conf"), "rules = [\n  {permit = allow}\n  {permit = allow, action = write}\n]\n");
        assertThatThrownBy(() -> load("auth.acl_file = \"bad.conf\"\n"))
                .satisfies(e -> assertThat(message(e)).contains("bad.conf:3").contains("unknown action write"));
        Files.writeString(dir.resolve("broken.conf"), "rules = [\n  {permit = allow\n");
        assertThatThrownBy(() -> load("auth { acl = {include \"broken.conf\"} }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(message(e)).contains("broken.conf"));
    }

    @Test
    void bothFormsAtOnceAreRefused() throws Exception {
        Files.writeString(dir.resolve("a.conf"), RULES);
        assertThatThrownBy(() -> load("auth { acl = {include \"a.conf\"}, acl_file = \"a.conf\" }\n"))
                .satisfies(e -> assertThat(message(e)).contains("keep one"));
    }

    @Test
    void reloadSwapsRulesAndABrokenFileKeepsTheRunningOnes() throws Exception {
        Path file = dir.resolve("acl.conf");
        Files.writeString(file, "rules = [{permit = deny, topics = [\"t/#\"]}, {permit = allow}]\n");
        ServerConfig c = load("auth.acl_file = \"acl.conf\"\n");
        c.broker().tcp("127.0.0.1", 0).persistence().type(io.wrenmq.broker.store.PersistenceConfig.Type.MEMORY);
        try (WrenBroker broker = new WrenBroker(c.broker())) {
            broker.start();
            ClientIdentity who = ClientIdentity.ofClientId("c");
            assertThat(broker.accessControl().rules().decide(who, AclAction.PUBLISH, "t/1")).isEqualTo(AclDecision.DENY);

            Files.writeString(file, "rules = [{permit = allow}]\n");
            AclLoader.Result ok = AclLoader.reload(broker);
            assertThat(ok.applied()).isTrue();
            assertThat(broker.accessControl().rules().decide(who, AclAction.PUBLISH, "t/1")).isEqualTo(AclDecision.ALLOW);

            AclRules running = broker.accessControl().rules();
            Files.writeString(file, "rules = [{permit = allow, usrname = \"typo\"}]\n");
            AclLoader.Result broken = AclLoader.reload(broker);
            assertThat(broken.applied()).isFalse();
            assertThat(broken.message()).contains("acl.conf:1").contains("unknown key usrname");
            assertThat(broker.accessControl().rules()).isSameAs(running);

            Files.delete(file);
            assertThat(AclLoader.reload(broker).applied()).isFalse();
            assertThat(broker.accessControl().rules()).isSameAs(running);
        }
    }
}
