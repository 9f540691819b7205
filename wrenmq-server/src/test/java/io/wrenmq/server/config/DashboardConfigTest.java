package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http_server.dashboard.*: defaults, values, and bad values named with key, file and line. */
class DashboardConfigTest {
    @TempDir
    Path dir;

    private ServerConfig load(String text) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("d.conf"), text), Map.of(), ConfigLayer.empty(), dir);
    }

    @Test
    void onWithAThirtyMinuteSessionByDefault() throws Exception {
        ServerConfig c = load("http_server { port = 8081 }\n");
        assertThat(c.httpServer().dashboardEnable()).isTrue();
        assertThat(c.httpServer().dashboardSessionTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void readsBothKeys() throws Exception {
        ServerConfig c = load("http_server {\n  dashboard { enable = false, session_timeout = 2h }\n}\n");
        assertThat(c.httpServer().dashboardEnable()).isFalse();
        assertThat(c.httpServer().dashboardSessionTimeout()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aBadTimeoutNamesTheKeyFileAndLine() {
        assertThatThrownBy(() -> load("http_server {\n  dashboard.session_timeout = 5s\n}\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("http_server.dashboard.session_timeout").hasMessageContaining("d.conf:2")
                .hasMessageContaining("1m..1d");
        assertThatThrownBy(() -> load("http_server.dashboard.session_timeout = 30\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("http_server.dashboard.session_timeout").hasMessageContaining("d.conf:1");
        assertThatThrownBy(() -> load("http_server.dashboard.enable = maybe\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("http_server.dashboard.enable").hasMessageContaining("d.conf:1");
    }
}
