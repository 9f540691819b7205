package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.listener.ListenerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenersConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultAndNamedListenersInFileOrder() throws Exception {
        Path f = ConfigFiles.write(dir, "l.conf", """
                listeners.tcp {
                  bind = "0.0.0.0:1883"
                  max_connections = 100
                  zeta { bind = "127.0.0.1:1885" }
                  alpha {
                    bind = "[::1]:1884"
                    enable = false
                    max_connections = 5
                  }
                }
                """);
        ServerConfig c = ConfigLoader.load(f, Map.of());
        assertThat(c.broker().listeners()).containsExactly(
                new ListenerConfig("default", "0.0.0.0", 1883, true, 100),
                new ListenerConfig("zeta", "127.0.0.1", 1885, true, 0),
                new ListenerConfig("alpha", "::1", 1884, false, 5));
    }

    @Test
    void onlyNamedListeners() throws Exception {
        Path f = ConfigFiles.write(dir, "n.conf", "listeners.tcp.lan { bind = \"[::]:0\" }\n");
        assertThat(ConfigLoader.load(f, Map.of()).broker().listeners())
                .containsExactly(new ListenerConfig("lan", "::", 0, true, 0));
    }

    @Test
    void ipv6NeedsBracketsAndPortIsChecked() {
        Path f = ConfigFiles.write(dir, "v6.conf", """
                listeners.tcp {
                  bind = "::1:1883"
                  a { bind = "127.0.0.1:70000" }
                  b { bind = "nmq-ws://0.0.0.0:1883" }
                  c { enable = true }
                }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("v6.conf:2: listeners.tcp.bind: an IPv6 address needs brackets")
                .hasMessageContaining("[::1]:1883")
                .hasMessageContaining("v6.conf:3: listeners.tcp.a.bind: port out of range: 70000")
                .hasMessageContaining("v6.conf:4: listeners.tcp.b.bind: nmq-ws:// is a URL for listeners.ws, not listeners.tcp")
                .hasMessageContaining("v6.conf:5: listeners.tcp.c.bind: missing");
    }

    @Test
    void unknownListenerKeyIsSuggested() {
        Path f = ConfigFiles.write(dir, "k.conf", "listeners.tcp {\n  bind = \"127.0.0.1:1883\"\n  max_conections = 3\n}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("k.conf:3: listeners.tcp.max_conections: unknown key (did you mean listeners.tcp.max_connections?)");
    }

    @Test
    void noEnabledListenerAndDuplicateBindsAreErrors() {
        Path off = ConfigFiles.write(dir, "off.conf", "listeners.tcp { bind = \"127.0.0.1:1883\", enable = false }\n");
        assertThatThrownBy(() -> ConfigLoader.load(off, Map.of())).hasMessageContaining("no enabled listener");
        Path dup = ConfigFiles.write(dir, "dup.conf", "listeners.tcp { bind = \"127.0.0.1:1883\", b { bind = \"127.0.0.1:1883\" } }\n");
        assertThatThrownBy(() -> ConfigLoader.load(dup, Map.of())).hasMessageContaining("both bind 127.0.0.1:1883");
    }
}
