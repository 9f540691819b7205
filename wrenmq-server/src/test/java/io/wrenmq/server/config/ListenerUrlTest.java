package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.listener.ListenerConfig.Kind;
import io.wrenmq.broker.listener.ListenerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NanoMQ's listener URLs: in `--url`, in NANOMQ_*_URL variables and as a listener's bind in the file. */
class ListenerUrlTest {
    @TempDir
    Path dir;

    @Test
    void eachSchemeNamesItsListenerKind() throws Exception {
        assertThat(ListenerUrl.parse("nmq-tcp://0.0.0.0:1883")).isEqualTo(new ListenerUrl(Kind.TCP, new BindAddress("0.0.0.0", 1883), null));
        assertThat(ListenerUrl.parse("tls+nmq-tcp://[::1]:8883")).isEqualTo(new ListenerUrl(Kind.SSL, new BindAddress("::1", 8883), null));
        assertThat(ListenerUrl.parse("nmq-ws://127.0.0.1:8083/ws")).isEqualTo(new ListenerUrl(Kind.WS, new BindAddress("127.0.0.1", 8083), "/ws"));
        // NanoMQ's own example leaves the path out; the WebSocket default path is /mqtt.
        assertThat(ListenerUrl.parse("NMQ-WSS://localhost:8084")).isEqualTo(new ListenerUrl(Kind.WSS, new BindAddress("localhost", 8084), "/mqtt"));
        assertThat(ListenerUrl.parse("nmq-ws://127.0.0.1:8083/mqtt").bindText()).isEqualTo("127.0.0.1:8083/mqtt");
    }

    @Test
    void badUrlsSayWhatIsWrong() {
        assertThatThrownBy(() -> ListenerUrl.parse("mqtt-tcp://0.0.0.0:1883")).hasMessageContaining("unknown scheme \"mqtt-tcp\"");
        assertThatThrownBy(() -> ListenerUrl.parse("nmq-tcp://0.0.0.0")).hasMessageContaining("missing port");
        assertThatThrownBy(() -> ListenerUrl.parse("nmq-tcp://[::1]")).hasMessageContaining("missing port");
        assertThatThrownBy(() -> ListenerUrl.parse("nmq-tcp://0.0.0.0:65536")).hasMessageContaining("port out of range: 65536");
        assertThatThrownBy(() -> ListenerUrl.parse("nmq-tcp://0.0.0.0:x")).hasMessageContaining("not a port number");
        assertThatThrownBy(() -> ListenerUrl.parse("nmq-tcp://0.0.0.0:1883/mqtt")).hasMessageContaining("a path is only for nmq-ws and nmq-wss");
        assertThatThrownBy(() -> ListenerUrl.parse("0.0.0.0:1883")).hasMessageContaining("not a listener URL");
    }

    @Test
    void theFileAcceptsTheUrlOfTheListenersOwnKindAsBind() throws Exception {
        Path f = ConfigFiles.write(dir, "urls.conf", """
                listeners {
                  tcp { bind = "nmq-tcp://127.0.0.1:1883", lan { bind = "nmq-tcp://0.0.0.0:1884" } }
                  ws { bind = "nmq-ws://127.0.0.1:8083/mqtt" }
                  ssl { bind = "tls+nmq-tcp://127.0.0.1:8883", keyfile = "k.pem", certfile = "c.pem" }
                  wss { bind = "nmq-wss://127.0.0.1:8084" }
                }
                """);
        assertThat(ConfigLoader.load(f, Map.of()).broker().listeners())
                .extracting(ListenerConfig::id, ListenerConfig::host, ListenerConfig::port, ListenerConfig::webSocketPath)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tcp:default", "127.0.0.1", 1883, null),
                        org.assertj.core.groups.Tuple.tuple("tcp:lan", "0.0.0.0", 1884, null),
                        org.assertj.core.groups.Tuple.tuple("ws:default", "127.0.0.1", 8083, "/mqtt"),
                        org.assertj.core.groups.Tuple.tuple("ssl:default", "127.0.0.1", 8883, null),
                        org.assertj.core.groups.Tuple.tuple("wss:default", "127.0.0.1", 8084, "/mqtt"));
    }

    @Test
    void aUrlOfAnotherKindOrABadUrlInBindIsAnErrorNamingTheKey() {
        Path f = ConfigFiles.write(dir, "wrong.conf", """
                listeners.tcp.bind = "tls+nmq-tcp://0.0.0.0:8883"
                listeners.ws.bind = "nmq-ws://0.0.0.0"
                listeners.tcp.lan.bind = "http://0.0.0.0:80"
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("wrong.conf:1: listeners.tcp.bind: tls+nmq-tcp:// is a URL for listeners.ssl, not listeners.tcp"
                        + " (move it to listeners.ssl.bind")
                .hasMessageContaining("wrong.conf:2: listeners.ws.bind: missing port in \"nmq-ws://0.0.0.0\"")
                .hasMessageContaining("wrong.conf:3: listeners.tcp.lan.bind: unknown scheme \"http\"");
    }
}
