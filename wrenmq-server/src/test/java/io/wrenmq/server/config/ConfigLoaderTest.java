package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.routing.SharedSubscriptionStrategy;
import io.wrenmq.broker.session.QueueDropPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noFileMeansLoopbackOnlyDefaults() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of());
        assertThat(c.broker().listeners()).containsExactly(new ListenerConfig("default", "127.0.0.1", 1883, true, 0));
        assertThat(c.log().to()).containsExactly(LogSettings.Target.CONSOLE);
        assertThat(c.log().level()).isEqualTo("info");
        assertThat(c.source()).isEmpty();
    }

    @Test
    void shippedConfigLoadsAndMatchesTheBuiltInDefaults() throws Exception {
        Path shipped = ConfigFiles.repoRoot().resolve("etc/wrenmq.conf");
        ServerConfig c = ConfigLoader.load(shipped, Map.of());
        BrokerConfig defaults = new BrokerConfig();
        assertThat(c.broker().listeners()).isEqualTo(defaults.listeners());
        assertThat(c.notices()).isEmpty();
        for (ConfigKey<?> key : ConfigSchema.keys().values()) {
            if (key.getter() != null) {
                assertThat(key.getter().apply(c.target()))
                        .as(key.path()).isEqualTo(key.getter().apply(ConfigTarget.defaults()));
            }
        }
    }

    @Test
    void everyKeyMapsToItsBrokerConfigValue() throws Exception {
        Path f = ConfigFiles.write(dir, "all.conf", """
                system { num_taskq_thread = 3, node_name = "edge-7", sys_interval = 30s }
                mqtt {
                  max_packet_size = 1KB
                  max_mqueue_len = 99
                  mqueue_drop = oldest
                  mqueue_store_qos0 = true
                  retry_interval = 1m
                  keepalive_multiplier = 1.25
                  max_keepalive = 600
                  max_inflight_window = 7
                  receive_maximum = 9
                  topic_alias_maximum = 0
                  connect_timeout = 5s
                  max_session_expiry_interval = 2h
                  max_qos = 1
                  retain_available = false
                  wildcard_subscription = false
                  shared_subscription = false
                  subscription_identifier = false
                  shared_subscription_strategy = hash_clientid
                  max_clientid_len = 64
                }
                log { to = [file, console], level = debug, dir = "var/log", file = "b.log", rotation { size = 2MB, count = 3 } }
                """);
        ServerConfig c = ConfigLoader.load(f, Map.of());
        BrokerConfig b = c.broker();
        assertThat(b.eventLoopThreads()).isEqualTo(3);
        assertThat(b.nodeName()).isEqualTo("edge-7");
        assertThat(b.sysInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.maxPacketSize()).isEqualTo(1024);
        assertThat(b.maxMqueueLen()).isEqualTo(99);
        assertThat(b.mqueueDropPolicy()).isEqualTo(QueueDropPolicy.DROP_OLDEST);
        assertThat(b.mqueueStoreQos0()).isTrue();
        assertThat(b.retryInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(b.keepaliveMultiplier()).isEqualTo(1.25);
        assertThat(b.maxKeepalive()).isEqualTo(600);
        assertThat(b.maxInflightWindow()).isEqualTo(7);
        assertThat(b.receiveMaximum()).isEqualTo(9);
        assertThat(b.topicAliasMaximum()).isZero();
        assertThat(b.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.maxSessionExpiryInterval()).isEqualTo(7200);
        assertThat(b.maxQos()).isEqualTo(1);
        assertThat(b.retainAvailable()).isFalse();
        assertThat(b.wildcardSubscriptionAvailable()).isFalse();
        assertThat(b.sharedSubscriptionAvailable()).isFalse();
        assertThat(b.subscriptionIdentifierAvailable()).isFalse();
        assertThat(b.sharedSubscriptionStrategy()).isEqualTo(SharedSubscriptionStrategy.HASH_CLIENTID);
        assertThat(b.maxClientIdLength()).isEqualTo(64);
        LogSettings log = c.log();
        assertThat(log.to()).containsExactly(LogSettings.Target.FILE, LogSettings.Target.CONSOLE);
        assertThat(log.level()).isEqualTo("debug");
        assertThat(log.dir()).isEqualTo("var/log");
        assertThat(log.file()).isEqualTo("b.log");
        assertThat(log.rotationSize()).isEqualTo(2L * 1024 * 1024);
        assertThat(log.rotationCount()).isEqualTo(3);
    }

    @Test
    void unknownKeyNamesFileLineAndClosestKey() {
        Path f = ConfigFiles.write(dir, "typo.conf", """
                mqtt {
                  max_packet_sise = 10MB
                }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(f + ":2:")
                .hasMessageContaining("mqtt.max_packet_sise: unknown key")
                .hasMessageContaining("did you mean mqtt.max_packet_size?");
    }

    @Test
    void unknownKeyFarFromAnyKnownOneListsTheSection() {
        Path f = ConfigFiles.write(dir, "far.conf", "mqtt.colour = blue\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("far.conf:1:")
                .hasMessageContaining("valid keys here: max_packet_size");
    }

    @Test
    void misspelledSectionIsSuggested() {
        Path f = ConfigFiles.write(dir, "section.conf", "mqtt {}\nmqt { max_qos = 1 }\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("section.conf:2: mqt: unknown key (did you mean mqtt?)");
    }

    @Test
    void badEnumRangeAndTypeEachGiveFileLineAndHint() {
        Path f = ConfigFiles.write(dir, "bad.conf", """
                mqtt {
                  mqueue_drop = middle
                  max_qos = 3
                  max_inflight_window = "many"
                  retain_available = { yes = 1 }
                  max_packet_size = 1TB
                }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.errors()).hasSize(5);
                    assertThat(e.errors()).extracting(ConfigError::line).containsExactly(2, 3, 4, 5, 6);
                })
                .hasMessageContaining("Invalid configuration (5 errors)")
                .hasMessageContaining(f + ":2: mqtt.mqueue_drop: unknown value \"middle\" (allowed values are newest, oldest)")
                .hasMessageContaining(f + ":3: mqtt.max_qos: out of range: 3 (allowed range is 0..2)")
                .hasMessageContaining(f + ":4: mqtt.max_inflight_window: not a whole number: \"many\" (expected an integer 1..65535)")
                .hasMessageContaining(f + ":5: mqtt.retain_available: wrong type: found object (expected a boolean)")
                .hasMessageContaining(f + ":6: mqtt.max_packet_size: unknown size unit 'tb'");
    }

    @Test
    void errorsFromEverySectionAreReportedTogetherInLineOrder() {
        Path f = ConfigFiles.write(dir, "many.conf", """
                system { node_name = "" }
                listeners.tcp { bind = "localhost" }
                log { level = loud, file = "" }
                mqtt { max_qos = 7 }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::key)
                        .containsExactly("system.node_name", "listeners.tcp.bind", "log.file", "log.level", "mqtt.max_qos"));
    }

    @Test
    void syntaxErrorNamesFileAndLine() {
        Path f = ConfigFiles.write(dir, "syntax.conf", "mqtt {\n  max_qos = 1\n  = 2\n}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(f + ":3:");
    }

    @Test
    void missingFileIsAConfigError() {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(missing + ": configuration file not found");
    }

    @Test
    void ignoredNanomqKeysAreAcceptedWithOneWarningEach() throws Exception {
        Path f = ConfigFiles.write(dir, "nanomq.conf", """
                system { daemon = false, parallel = 8, max_taskq_thread = 4 }
                mqtt { property_size = 32, max_awaiting_rel = 10s, await_rel_timeout = 10s }
                """);
        ServerConfig c = ConfigLoader.load(f, Map.of());
        assertThat(c.notices()).allSatisfy(n -> assertThat(n.level()).isEqualTo(ConfigKey.IgnoredLevel.WARN))
                .extracting(ServerConfig.Notice::message)
                .hasSize(6)
                .anySatisfy(m -> assertThat(m).contains("nanomq.conf:2: mqtt.property_size").contains("ignored"))
                .anySatisfy(m -> assertThat(m).contains("mqtt.max_awaiting_rel"))
                .anySatisfy(m -> assertThat(m).contains("mqtt.await_rel_timeout"))
                .anySatisfy(m -> assertThat(m).contains("nanomq.conf:1: system.daemon").contains("foreground"));
    }

    @Test
    void nanomqsOlderRuleKeysStopStartUpWithAHint() {
        // nanomq_rule.conf's form: HOCON reads it, and a rule silently dropped would lose what it should store
        Path f = ConfigFiles.write(dir, "rules.conf", "rule_option=ON\nrule_option.sqlite=enable\n"
                + "rule_option.sqlite.conf.path=/etc/nanomq_rule_sqlite.conf\nrule.sqlite.table=broker\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("Invalid configuration (2 errors)")
                .hasMessageContaining("rules.conf:2: rule_option: NanoMQ's pre-HOCON rule engine switches (nanomq_rule.conf)"
                        + " are not read (write the rules in NanoMQ's HOCON form: rules.sqlite { path = \"...\"")
                .hasMessageContaining("rules.conf:4: rule: NanoMQ's pre-HOCON rule settings");
    }

    @Test
    void unresolvedSubstitutionIsReportedWithFileAndLine() {
        Path f = ConfigFiles.write(dir, "subst.conf", "mqtt.max_qos = ${missing}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("subst.conf:1:");
    }
}
