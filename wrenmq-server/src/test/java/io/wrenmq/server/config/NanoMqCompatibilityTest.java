package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.auth.AclAction;
import io.wrenmq.broker.auth.AclConfig;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.server.acl.AclLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loader does with NanoMQ's keys: values NanoMQ takes beyond WrenMQ's ranges are clamped with a warning,
 * every key or block without meaning gives exactly one warning, a written http_server / http_auth block is on,
 * the ACL and password lists may be written inline, and errors inside them name the key that is wrong.
 */
class NanoMqCompatibilityTest {
    @TempDir
    Path dir;

    private ServerConfig load(String text) throws Exception {
        return ConfigLoader.load(ConfigFiles.write(dir, "nanomq.conf", text), Map.of());
    }

    private static List<String> warnings(ServerConfig c) {
        return c.notices().stream().filter(n -> n.level() == ConfigKey.IgnoredLevel.WARN).map(ServerConfig.Notice::message).toList();
    }

    @Test
    void valuesNanoMqTakesBeyondOurRangesAreClampedWithOneWarningEach() throws Exception {
        ServerConfig c = load("""
                mqtt {
                  max_packet_size = 260MB
                  keepalive_multiplier = 0.5
                  max_inflight_window = 0
                  retry_interval = 2h
                }
                log.rotation { count = 50, size = 100B }
                auth.cache.max_size = 100000
                """);
        assertThat(c.broker().maxPacketSize()).isEqualTo(268_435_460); // the MQTT maximum [MQTT-2.2.3]
        assertThat(c.broker().keepaliveMultiplier()).isEqualTo(1.0);
        assertThat(c.broker().maxInflightWindow()).isEqualTo(1);
        assertThat(c.broker().retryInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(c.log().rotationCount()).isEqualTo(20);
        assertThat(c.log().rotationSize()).isEqualTo(1024);
        assertThat(c.broker().acl().cacheMaxSize()).isEqualTo(65535);
        assertThat(warnings(c)).hasSize(7)
                .anySatisfy(w -> assertThat(w).contains("nanomq.conf:2: mqtt.max_packet_size: \"260MB\" is outside what WrenMQ can use;"
                        + " using 268435460 bytes (the MQTT maximum"))
                .anySatisfy(w -> assertThat(w).contains("nanomq.conf:3: mqtt.keepalive_multiplier: 0.5").contains("using 1.0"))
                .anySatisfy(w -> assertThat(w).contains("log.rotation.count: 50").contains("using 20 (allowed range is 1..20)"));
    }

    @Test
    void aWrongTypeOrATypoStillStopsStartUp() {
        assertThatThrownBy(() -> load("mqtt { max_packet_size = lots\n keepalive_multiplier = fast\n max_packet_sise = 1KB }\n"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors()).hasSize(3))
                .hasMessageContaining("mqtt.max_packet_size: not a size")
                .hasMessageContaining("mqtt.keepalive_multiplier: not a number")
                .hasMessageContaining("mqtt.max_packet_sise: unknown key (did you mean mqtt.max_packet_size?)");
    }

    @Test
    void everyIgnoredKeyAndBlockGivesExactlyOneWarningNamingIt() throws Exception {
        ServerConfig c = load("""
                system { daemon = false, parallel = 8, max_taskq_thread = 4, hook_ipc_url = "ipc:///tmp/h.ipc",
                         cmd_ipc_url = "ipc:///tmp/c.ipc", enable_ipc_internal = true }
                log { uds_addr = "/tmp/nanomq.sock" }
                http_server { enable = false, jwt.private.keyfile = "/etc/jwt.key" }
                auth.enable = true
                preset.session.1 { clientid = "example", topic = [ { qos = 2, remote_topic = "msg1/#" } ] }
                exchange_client.mq1 { exchange_url = "tcp://127.0.0.1:10000", exchange { topic = "t", name = "q" } }
                parquet { compress = uncompressed, encryption { key_id = kf, key = "0123456789012345" }, file_count = 5 }
                blf { compress = uncompressed, dir = "/tmp/blf", file_size = 1MB }
                plugin { libs = [ { path = "/path/to/plugin.so" } ] }
                """);
        List<String> keys = warnings(c).stream()
                .map(w -> w.replaceFirst("^[^ ]+: (\\S+) is a NanoMQ key that has no effect in WrenMQ; ignored \\(.+\\)$", "$1"))
                .toList();
        assertThat(keys).containsExactlyInAnyOrder("system.daemon", "system.parallel", "system.max_taskq_thread", "system.hook_ipc_url",
                "system.cmd_ipc_url", "system.enable_ipc_internal", "log.uds_addr", "http_server.jwt.private.keyfile",
                "auth.enable", "preset", "exchange_client", "parquet", "blf", "plugin");
    }

    @Test
    void nanoMqsSslSubBlocksAndLogDestinationsAreAcceptedWithAWarning() throws Exception {
        ServerConfig c = load("""
                webhook {
                  url = "http://127.0.0.1:9000/hook"
                  ssl { keyfile = "/etc/certs/key.pem", certfile = "/etc/certs/cert.pem", cacertfile = "/etc/certs/ca.pem" }
                }
                auth.http_auth.auth_req {
                  url = "https://127.0.0.1:9000/auth"
                  ssl { cacertfile = "/etc/certs/ca.pem" }
                }
                log { to = [file, syslog, uds], dir = "%s" }
                """.formatted(dir));
        assertThat(c.webhooks()).singleElement().satisfies(w -> assertThat(w.url().toString()).isEqualTo("http://127.0.0.1:9000/hook"));
        assertThat(c.broker().auth().http().authReq().url().getScheme()).isEqualTo("https");
        assertThat(c.log().to()).containsExactly(LogSettings.Target.FILE, LogSettings.Target.SYSLOG);
        assertThat(warnings(c)).hasSize(3)
                .anySatisfy(w -> assertThat(w).contains("nanomq.conf:3: webhook.ssl: has no effect in WrenMQ"))
                .anySatisfy(w -> assertThat(w).contains("nanomq.conf:7: auth.http_auth.auth_req.ssl: has no effect in WrenMQ"))
                .anySatisfy(w -> assertThat(w).contains("log.to: uds is a NanoMQ log destination that has no effect in WrenMQ;"
                        + " ignored (Java cannot open a Unix datagram socket such as /dev/log; use log.to = [syslog]"));
        ServerConfig syslogOnly = load("log.to = [syslog]\n");
        assertThat(syslogOnly.log().to()).containsExactly(LogSettings.Target.SYSLOG);
        assertThat(warnings(syslogOnly)).as("syslog is a WrenMQ destination now: no warning").isEmpty();
        assertThat(load("log.to = [uds]\n").log().to()).containsExactly(LogSettings.Target.CONSOLE);
    }

    @Test
    void aWrittenHttpServerBlockIsOnLikeInNanoMq() throws Exception {
        assertThat(load("system.node_name = \"n\"\n").httpServer().enable()).as("no block: off").isFalse();
        ServerConfig on = load("http_server { port = 8081, username = admin, password = public }\n");
        assertThat(on.httpServer().enable()).as("block without enable: on").isTrue();
        assertThat(on.httpServer().ipAddr()).as("NanoMQ's 0.0.0.0 default is not adopted").isEqualTo("127.0.0.1");
        assertThat(warnings(on)).as("the default password on loopback is not worth a warning").isEmpty();
        assertThat(load("http_server { enable = false, port = 8081 }\n").httpServer().enable()).isFalse();
        assertThat(load("http_server.port = 8081\n").httpServer().enable()).as("a dotted key is a block too").isTrue();
        // an environment override sets a key; it does not write the block into the file
        ServerConfig env = ConfigLoader.load(ConfigFiles.write(dir, "empty.conf", "\n"), Map.of("WRENMQ_HTTP_SERVER__PORT", "9999"));
        assertThat(env.httpServer().enable()).isFalse();
        assertThat(env.httpServer().port()).isEqualTo(9999);
    }

    @Test
    void aWellKnownApiPasswordOnANonLoopbackAddressIsWarnedAbout() throws Exception {
        for (String password : List.of("public", "admin", "Password")) {
            ServerConfig c = load("http_server {\n  ip_addr = 0.0.0.0\n  password = " + password + "\n}\n");
            assertThat(warnings(c)).singleElement().asString()
                    .contains("nanomq.conf:3: http_server.password: the REST API password is the well-known \"" + password + "\"")
                    .contains("ip_addr 0.0.0.0");
        }
        assertThat(warnings(load("http_server { ip_addr = 0.0.0.0, password = \"k7#Lq9-long\" }\n"))).isEmpty();
        assertThat(warnings(load("http_server { ip_addr = \"::1\", password = public }\n"))).isEmpty();
        assertThat(warnings(load("http_server { enable = false, ip_addr = 0.0.0.0, password = public }\n"))).isEmpty();
    }

    @Test
    void aWrittenHttpAuthBlockIsOnLikeInNanoMq() throws Exception {
        String block = "auth.http_auth {\n  auth_req { url = \"http://127.0.0.1:9000/auth\" }\n  %s\n}\n";
        assertThat(load(block.formatted("")).broker().auth().http().enable()).isTrue();
        assertThat(load(block.formatted("enable = false")).broker().auth().http().enable()).isFalse();
        assertThat(load("auth.allow_anonymous = true\n").broker().auth().http().enable()).isFalse();
    }

    @Test
    void theAclRulesMayBeWrittenInline() throws Exception {
        ServerConfig c = load("""
                auth.acl = {
                  rules = [
                    {"permit": "allow", "username": "dashboard", "action": "subscribe", "topics": ["$SYS/#"]}
                    {"permit": "deny", "username": "#", "action": "subscribe", "topics": ["$SYS/#", "#"]}
                    {"permit": "allow"}
                  ]
                }
                """);
        AclConfig acl = c.broker().acl();
        assertThat(acl.rulesFile()).as("inline: no file to re-read").isNull();
        assertThat(acl.rules().rules()).hasSize(3);
        assertThat(acl.rules().decide(ClientIdentity.ofClientId("c"), AclAction.SUBSCRIBE, "t/1")).isEqualTo(AclDecision.DENY);
        assertThat(acl.rules().decide(ClientIdentity.ofClientId("c"), AclAction.PUBLISH, "t/1")).isEqualTo(AclDecision.ALLOW);
        AclLoader.load(acl, dir); // start-up keeps the rules read with the configuration
        assertThat(acl.rules().rules()).hasSize(3);
    }

    @Test
    void errorsInsideTheAclBlockNameTheKeyAndTheLine() throws Exception {
        assertThatThrownBy(() -> load("""
                auth {
                  acl = { rules = [
                    {permit = allow}
                    {permit = allow, action = subscribe}
                    {permit = maybe}
                  ] }
                }
                """)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("nanomq.conf:5: auth.acl.rules[2].permit: permit must be allow or deny: maybe");
        Files.writeString(dir.resolve("acl.conf"), "rules = [\n  {permit = allow}\n  {permit = deny, action = write}\n]\n");
        assertThatThrownBy(() -> load("auth.acl = {include \"acl.conf\"}\n"))
                .hasMessageContaining(dir.resolve("acl.conf") + ":3: auth.acl.rules[1].action: unknown action write");
        assertThatThrownBy(() -> load("auth.acl = { rulez = [ {permit = allow} ] }\n"))
                .hasMessageContaining("nanomq.conf:1: auth.acl.rulez: unknown key rulez");
        assertThatThrownBy(() -> load("auth.acl = {}\n")).hasMessageContaining("nanomq.conf:1: auth.acl: the ACL block is empty");
    }

    @Test
    void thePasswordListMayBeWrittenInlineAndItsErrorsNameTheUser() throws Exception {
        ServerConfig c = load("auth { password = { \"admin\": \"public\", client = \"public\" } }\n");
        assertThat(c.broker().auth().plaintextPasswords()).containsOnly(Map.entry("admin", "public"), Map.entry("client", "public"));
        assertThatThrownBy(() -> load("auth {\n  password = {\n    \"admin\": \"public\"\n    \"bob\": 1234\n  }\n}\n"))
                .hasMessageContaining("nanomq.conf:4: auth.password.bob: the password of user bob is not a string");
    }
}
