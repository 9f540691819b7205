package io.wrenmq.server.gateway.nng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NngUrlTest {
    @Test
    void tcpUrlsAsNngWritesThem() {
        assertThat(NngUrl.parse("tcp://127.0.0.1:5555")).isEqualTo(new NngUrl("127.0.0.1", 5555));
        assertThat(NngUrl.parse("tcp://[::1]:5555")).isEqualTo(new NngUrl("::1", 5555));
        assertThat(NngUrl.parse("tcp://[::1]:5555")).hasToString("tcp://[::1]:5555");
        assertThat(NngUrl.parse("tcp://*:5555").bindAddress().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(NngUrl.parse("tcp://:0").port()).isZero();
        assertThat(NngUrl.parse("tcp://broker.example:7000").host()).isEqualTo("broker.example");
    }

    @Test
    void otherTransportsAndBadPortsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> NngUrl.parse("ipc:///tmp/x.ipc")).hasMessageContaining("only tcp://host:port");
        assertThatThrownBy(() -> NngUrl.parse("tls+tcp://h:1")).hasMessageContaining("only tcp://host:port");
        assertThatThrownBy(() -> NngUrl.parse("tcp://host")).hasMessageContaining("has no port");
        assertThatThrownBy(() -> NngUrl.parse("tcp://host:http")).hasMessageContaining("no numeric port");
        assertThatThrownBy(() -> NngUrl.parse("tcp://host:70000")).hasMessageContaining("out of range");
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> NngOptions.defaults().withMaxMessageSize(0)).hasMessageContaining("max message size");
        assertThatThrownBy(() -> NngOptions.defaults().withSendBufferBytes(0)).hasMessageContaining("send buffer");
        assertThatThrownBy(() -> NngOptions.defaults().withReconnect(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < min <= max");
        assertThatThrownBy(() -> NngOptions.defaults().withHandshakeTimeout(Duration.ZERO))
                .hasMessageContaining("handshake timeout");
        assertThat(NngOptions.defaults().maxMessageSize()).isEqualTo(1 << 20);
    }
}
