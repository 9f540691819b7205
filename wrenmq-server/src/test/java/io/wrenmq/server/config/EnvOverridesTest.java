package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvOverridesTest {
    @TempDir
    Path dir;

    @Test
    void doubleUnderscoreSeparatesPathSegments() {
        assertThat(EnvOverrides.pathOf("WRENMQ_MQTT__MAX_PACKET_SIZE")).isEqualTo("mqtt.max_packet_size");
        assertThat(EnvOverrides.pathOf("WRENMQ_LOG__ROTATION__COUNT")).isEqualTo("log.rotation.count");
        assertThat(EnvOverrides.pathOf("WRENMQ_HOME")).isNull();
        assertThat(EnvOverrides.pathOf("WRENMQ_JAVA_OPTS")).isNull();
        assertThat(EnvOverrides.pathOf("WRENMQ_MQTT____X")).isNull();
        assertThat(EnvOverrides.pathOf("OTHER_MQTT__MAX_QOS")).isNull();
        assertThat(EnvOverrides.variableFor("mqtt.max_packet_size")).isEqualTo("WRENMQ_MQTT__MAX_PACKET_SIZE");
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        Path f = ConfigFiles.write(dir, "env.conf", "mqtt { max_packet_size = 1KB, max_qos = 2 }\n");
        ServerConfig c = ConfigLoader.load(f, Map.of(
                "WRENMQ_MQTT__MAX_PACKET_SIZE", "20MB",
                "WRENMQ_MQTT__RETAIN_AVAILABLE", "false",
                "WRENMQ_MQTT__KEEPALIVE_MULTIPLIER", "2.5",
                "WRENMQ_LOG__TO", "file,console",
                "WRENMQ_LISTENERS__TCP__BIND", "0.0.0.0:1999",
                "WRENMQ_HOME", "/opt/wrenmq",
                "PATH", "/usr/bin"));
        assertThat(c.broker().maxPacketSize()).isEqualTo(20 * 1024 * 1024);
        assertThat(c.broker().maxQos()).isEqualTo(2);
        assertThat(c.broker().retainAvailable()).isFalse();
        assertThat(c.broker().keepaliveMultiplier()).isEqualTo(2.5);
        assertThat(c.log().to()).containsExactly(LogSettings.Target.FILE, LogSettings.Target.CONSOLE);
        assertThat(c.broker().listeners()).singleElement().satisfies(l -> {
            assertThat(l.host()).isEqualTo("0.0.0.0");
            assertThat(l.port()).isEqualTo(1999);
        });
    }

    @Test
    void environmentAloneWorksWithoutAFile() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of("WRENMQ_MQTT__MAX_QOS", "1"));
        assertThat(c.broker().maxQos()).isEqualTo(1);
        assertThat(c.broker().listeners()).singleElement().satisfies(l -> assertThat(l.host()).isEqualTo("127.0.0.1"));
    }

    @Test
    void badOrUnknownOverrideNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(
                "WRENMQ_MQTT__MAX_QOS", "7",
                "WRENMQ_MQTT__MAX_PACKET_SISE", "1KB")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("environment variable WRENMQ_MQTT__MAX_QOS: mqtt.max_qos: out of range: 7")
                .hasMessageContaining("environment variable WRENMQ_MQTT__MAX_PACKET_SISE: mqtt.max_packet_sise: unknown key (did you mean mqtt.max_packet_size?)");
    }

    @Test
    void singleUnderscoreLookAlikeGetsAWarning() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of("WRENMQ_MQTT_MAX_PACKET_SIZE", "1KB"));
        assertThat(c.broker().maxPacketSize()).isEqualTo(10 * 1024 * 1024);
        assertThat(c.notices()).singleElement().satisfies(n -> {
            assertThat(n.level()).isEqualTo(ConfigKey.IgnoredLevel.WARN);
            assertThat(n.message()).contains("did you mean WRENMQ_MQTT__MAX_PACKET_SIZE?");
        });
    }
}
