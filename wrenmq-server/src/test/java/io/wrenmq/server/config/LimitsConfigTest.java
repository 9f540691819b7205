package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.limits.BanRule;
import io.wrenmq.broker.limits.LimitsConfig;
import io.wrenmq.broker.limits.ListenerLimits;
import io.wrenmq.broker.limits.Rate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits keys: limits { }, mqtt.max_subscriptions / max_topic_levels, flapping_detect { }, banned, listener rates. */
class LimitsConfigTest {
    @TempDir
    Path dir;

    @Test
    void everyLimitsKeyIsApplied() throws Exception {
        Path f = ConfigFiles.write(dir, "limits.conf", """
                listeners.tcp {
                  bind = "127.0.0.1:1883"
                  max_conn_rate = "50/s"
                  max_conn_burst = 80
                  lan {
                    bind = "127.0.0.1:1884"
                    messages_rate = "600/m"
                    bytes_rate = "64KB/s"
                    bytes_burst = 1MB
                  }
                }
                mqtt { max_subscriptions = 100, max_topic_levels = 8 }
                limits {
                  max_connections = 10000
                  max_conn_rate = 200
                  messages_rate = "100/s"
                  messages_burst = 500
                  bytes_rate = "1MB/s"
                }
                flapping_detect { enable = true, max_count = 5, window_time = 30s, ban_time = 10m, login_failures = false }
                banned = [
                  { clientid = "bad" }
                  { username = "mallory", until = "2027-01-01T00:00:00Z", reason = "abuse" }
                  { ipaddr = "10.1.0.0/16" }
                  { ipaddr = "::ffff:192.168.1.7" }
                ]
                """);
        LimitsConfig l = ConfigLoader.load(f, Map.of()).broker().limits();
        assertThat(l.maxConnections()).isEqualTo(10000);
        assertThat(l.maxConnRate()).isEqualTo(new Rate(200, 0));
        assertThat(l.messagesRate()).isEqualTo(new Rate(100, 500));
        assertThat(l.bytesRate()).isEqualTo(new Rate(1024 * 1024, 0));
        assertThat(l.maxSubscriptions()).isEqualTo(100);
        assertThat(l.maxTopicLevels()).isEqualTo(8);
        assertThat(l.flappingEnabled()).isTrue();
        assertThat(l.flappingMaxCount()).isEqualTo(5);
        assertThat(l.flappingWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.flappingBanTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(l.loginFailureBan()).isFalse();
        assertThat(l.banned()).containsExactly(
                new BanRule(BanRule.Kind.CLIENTID, "bad", null, "", "config"),
                new BanRule(BanRule.Kind.USERNAME, "mallory", Instant.parse("2027-01-01T00:00:00Z"), "abuse", "config"),
                new BanRule(BanRule.Kind.IPADDR, "10.1.0.0/16", null, "", "config"),
                new BanRule(BanRule.Kind.IPADDR, "192.168.1.7", null, "", "config"));
        assertThat(l.listener("tcp:default")).isEqualTo(new ListenerLimits(new Rate(50, 80), null, null));
        assertThat(l.listener("tcp:lan")).isEqualTo(new ListenerLimits(null, new Rate(10, 0), new Rate(64 * 1024, 1024 * 1024)));
    }

    @Test
    void defaultsAreOffExceptFailedLoginBans() throws Exception {
        LimitsConfig l = ConfigLoader.load(null, Map.of()).broker().limits();
        assertThat(l.maxConnections()).isZero();
        assertThat(l.maxConnRate().isLimited()).isFalse();
        assertThat(l.messagesRate().isLimited()).isFalse();
        assertThat(l.flappingEnabled()).isFalse();
        assertThat(l.loginFailureBan()).isTrue();
        assertThat(l.banned()).isEmpty();
    }

    @Test
    void badValuesAreReportedWithFileAndLine() {
        Path f = ConfigFiles.write(dir, "bad.conf", """
                limits {
                  messages_rate = "100/week"
                  bytes_rate = "lots/s"
                  max_connections = -1
                }
                flapping_detect.window_time = 0s
                banned = [
                  { clientid = "ok" }
                  { ipaddr = "evil.example.com" }
                  { clientid = "x", username = "y" }
                  { until = "2027-01-01" }
                  { username = "u", until = "next year" }
                  { ip = "1.2.3.4" }
                ]
                listeners.tcp { bind = "127.0.0.1:1883", messages_burst = 5 }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("bad.conf:2: limits.messages_rate: unknown time unit \"/week\"")
                .hasMessageContaining("bad.conf:3: limits.bytes_rate:")
                .hasMessageContaining("bad.conf:4: limits.max_connections: out of range: -1")
                .hasMessageContaining("bad.conf:6: flapping_detect.window_time:")
                .hasMessageContaining("bad.conf:7: banned: banned[1] (line 9): not an IP address or CIDR range: \"evil.example.com\"")
                .hasMessageContaining("bad.conf:15: listeners.tcp.messages_burst: has no messages_rate on this listener");
    }

    @Test
    void eachBanEntryMistakeIsExplained() {
        String[][] cases = {
                {"{ clientid = \"x\", username = \"y\" }", "banned[0] (line 1): both clientid and username"},
                {"{ until = \"2027-01-01\" }", "banned[0] (line 1): says whom to ban with none of clientid, username, ipaddr"},
                {"{ username = \"u\", until = \"next year\" }", "banned[0] (line 1): until is not a date or time: \"next year\""},
                {"{ ip = \"1.2.3.4\" }", "banned[0] (line 1): unknown key ip"},
                {"{ ipaddr = \"10.0.0.0/33\" }", "banned[0] (line 1): prefix length must be 0..32"},
                {"\"bad\"", "banned[0] (line 1): not a block"},
        };
        for (String[] c : cases) {
            Path f = ConfigFiles.write(dir, "ban.conf", "banned = [ " + c[0] + " ]\n");
            assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).as(c[0])
                    .hasMessageContaining("ban.conf:1: banned: " + c[1]);
        }
    }

    @Test
    void untilMayBeADate() throws Exception {
        Path f = ConfigFiles.write(dir, "d.conf", "banned = [ { clientid = \"c\", until = \"2027-01-01\" } ]\n");
        assertThat(ConfigLoader.load(f, Map.of()).broker().limits().banned())
                .extracting(BanRule::until).containsExactly(Instant.parse("2027-01-01T00:00:00Z"));
    }
}
