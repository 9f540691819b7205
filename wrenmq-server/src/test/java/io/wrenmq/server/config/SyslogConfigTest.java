package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `log.syslog { ... }` keys: defaults, values from the file and the environment, errors with file and line. */
class SyslogConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreLoopbackPort514DaemonWrenmq2048() throws Exception {
        SyslogSettings s = ConfigLoader.load(null, Map.of()).log().syslog();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(514);
        assertThat(s.facility()).isEqualTo("daemon");
        assertThat(s.appName()).isEqualTo("wrenmq");
        assertThat(s.maxDatagram()).isEqualTo(2048);
        assertThat(s.bom()).isTrue();
    }

    @Test
    void theBlockAndTheEnvironmentSetThem() throws Exception {
        Path f = ConfigFiles.write(dir, "s.conf", """
                log {
                  to = [console, syslog]
                  syslog { host = "10.0.0.5", port = 5514, facility = local3, app_name = "gw-7", max_datagram = 1024, bom = false }
                }
                """);
        ServerConfig c = ConfigLoader.load(f, Map.of("WRENMQ_LOG__SYSLOG__PORT", "6514", "WRENMQ_LOG__SYSLOG__FACILITY", "user"));
        assertThat(c.log().to()).containsExactly(LogSettings.Target.CONSOLE, LogSettings.Target.SYSLOG);
        assertThat(c.notices()).isEmpty();
        SyslogSettings s = c.log().syslog();
        assertThat(s.host()).isEqualTo("10.0.0.5");
        assertThat(s.port()).isEqualTo(6514);
        assertThat(s.facility()).isEqualTo("user");
        assertThat(s.appName()).isEqualTo("gw-7");
        assertThat(s.maxDatagram()).isEqualTo(1024);
        assertThat(s.bom()).isFalse();
    }

    @Test
    void badValuesNameKeyFileAndLine() {
        Path f = ConfigFiles.write(dir, "bad.conf", """
                log.syslog {
                  port = 70000
                  facility = local9
                  app_name = "wren mq"
                  max_datagram = 100
                  host = ""
                }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::line)
                        .containsExactly(2, 3, 4, 5, 6))
                .hasMessageContaining(f + ":2: log.syslog.port: out of range: 70000 (allowed range is 1..65535)")
                .hasMessageContaining(f + ":3: log.syslog.facility: unknown value \"local9\" (allowed values are kern, user, mail,"
                        + " daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, audit, alert, clock, local0, local1,")
                .hasMessageContaining(f + ":4: log.syslog.app_name: \"wren mq\" is not 1 to 48 printable ASCII characters")
                .hasMessageContaining(f + ":5: log.syslog.max_datagram: out of range: 100 (allowed range is 480..65507)")
                .hasMessageContaining(f + ":6: log.syslog.host: must not be empty");
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("WRENMQ_LOG__SYSLOG__PORT", "0")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("WRENMQ_LOG__SYSLOG__PORT")
                .hasMessageContaining("log.syslog.port: out of range: 0");
    }
}
