package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.listener.ListenerConfig.Kind;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.PeerCertField;
import io.wrenmq.broker.listener.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** listeners.ssl, listeners.ws and listeners.wss: default and named blocks, the wss fallback, and every bad value. */
class SecureListenersConfigTest {
    @TempDir
    Path dir;

    private List<ListenerConfig> load(String text) throws Exception {
        return ConfigLoader.load(ConfigFiles.write(dir, "s.conf", text), Map.of()).broker().listeners();
    }

    @Test
    void sslWsAndWssWithDefaultsAndNamedBlocks() throws Exception {
        List<ListenerConfig> l = load("""
                listeners.tcp { bind = "127.0.0.1:1883" }
                listeners.ssl {
                  bind = "0.0.0.0:8883"
                  keyfile = "etc/certs/server.key"
                  certfile = "etc/certs/server.crt"
                  key_password = "pw"
                  mutual {
                    bind = "0.0.0.0:8884"
                    keyfile = "other.key"
                    certfile = "other.crt"
                    cacertfile = "ca.pem"
                    verify_peer = true
                    fail_if_no_peer_cert = true
                    versions = ["tlsv1.3"]
                    ciphers = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"]
                    handshake_timeout = 3s
                    peer_cert_as_username = cn
                    peer_cert_as_clientid = dn
                  }
                }
                listeners.ws { bind = "0.0.0.0:8083" }
                listeners.wss {
                  bind = "0.0.0.0:8084/ws"
                  proxy_address_header = "X-Forwarded-For"
                }
                """);
        assertThat(l).extracting(ListenerConfig::kind, ListenerConfig::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.TCP, "default"), org.assertj.core.groups.Tuple.tuple(Kind.SSL, "default"),
                org.assertj.core.groups.Tuple.tuple(Kind.SSL, "mutual"), org.assertj.core.groups.Tuple.tuple(Kind.WS, "default"),
                org.assertj.core.groups.Tuple.tuple(Kind.WSS, "default"));
        TlsConfig ssl = l.get(1).tls();
        assertThat(ssl.keyfile()).isEqualTo(Path.of("etc/certs/server.key"));
        assertThat(ssl.keyPassword()).isEqualTo("pw");
        assertThat(ssl.versions()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(ssl.verifyPeer()).isFalse();
        assertThat(ssl.handshakeTimeout()).isEqualTo(TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);
        TlsConfig mutual = l.get(2).tls();
        assertThat(mutual.cacertfile()).isEqualTo(Path.of("ca.pem"));
        assertThat(mutual.verifyPeer()).isTrue();
        assertThat(mutual.failIfNoPeerCert()).isTrue();
        assertThat(mutual.versions()).containsExactly("TLSv1.3");
        assertThat(mutual.ciphers()).containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
        assertThat(mutual.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(mutual.peerCertAsUsername()).isEqualTo(PeerCertField.CN);
        assertThat(mutual.peerCertAsClientId()).isEqualTo(PeerCertField.DN);
        assertThat(l.get(3).webSocketPath()).as("a ws bind without a path").isEqualTo("/mqtt");
        assertThat(l.get(3).proxyAddressHeader()).isNull();
        assertThat(l.get(4).webSocketPath()).isEqualTo("/ws");
        assertThat(l.get(4).proxyAddressHeader()).isEqualTo("X-Forwarded-For");
        assertThat(l.get(4).tls().keyfile()).as("wss takes the certificates of listeners.ssl").isEqualTo(Path.of("etc/certs/server.key"));
        assertThat(l.get(4).tls().keyPassword()).isEqualTo("pw");
    }

    @Test
    void wssWorksWithoutWsAndWithItsOwnKeys() throws Exception {
        List<ListenerConfig> l = load("listeners.wss { bind = \"127.0.0.1:8084/mqtt\", keyfile = \"w.key\", certfile = \"w.crt\" }\n");
        assertThat(l).hasSize(1);
        assertThat(l.get(0).kind()).isEqualTo(Kind.WSS);
        assertThat(l.get(0).tls().certfile()).isEqualTo(Path.of("w.crt"));
    }

    @Test
    void badValuesNameFileLineAndHint() {
        Path f = ConfigFiles.write(dir, "bad.conf", """
                listeners.ssl {
                  bind = "0.0.0.0:8883/mqtt"
                  keyfile = "k.pem"
                  certfile = "c.pem"
                  versions = ["tlsv1.2", "tlsv1.1"]
                  peer_cert_as_username = email
                  handshake_timeout = 0s
                  verify_pear = true
                  a { bind = "0.0.0.0:8885", certfile = "c.pem" }
                  b { bind = "0.0.0.0:8886", keyfile = "k", certfile = "c", verify_peer = true }
                  c { bind = "0.0.0.0:8887", keyfile = "k", certfile = "c", ciphers = ["RC4-MD5!"] }
                }
                listeners.wss { bind = "0.0.0.0:8084" }
                listeners.ws { bind = "0.0.0.0:8083/mqtt", keyfile = "k" }
                listeners.quik { bind = "0.0.0.0:14567" }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("bad.conf:2: listeners.ssl.bind: a path in bind is only for ws and wss listeners")
                .hasMessageContaining("bad.conf:5: listeners.ssl.versions: tlsv1.1 is not allowed: TLS 1.2 is the minimum")
                .hasMessageContaining("bad.conf:6: listeners.ssl.peer_cert_as_username: unknown value")
                .hasMessageContaining("none, cn, dn")
                .hasMessageContaining("bad.conf:7: listeners.ssl.handshake_timeout")
                .hasMessageContaining("bad.conf:8: listeners.ssl.verify_pear: unknown key (did you mean listeners.ssl.verify_peer?)")
                .hasMessageContaining("bad.conf:9: listeners.ssl.a.keyfile: missing")
                .hasMessageContaining("bad.conf:10: listeners.ssl.b: verify_peer needs cacertfile")
                .hasMessageContaining("bad.conf:11: listeners.ssl.c.ciphers: not a cipher suite name")
                .hasMessageContaining("Invalid configuration (10 errors)") // the wss block takes the ssl keys: no error
                .hasMessageContaining("bad.conf:14: listeners.ws.keyfile: unknown key")
                .hasMessageContaining("bad.conf:15: listeners.quik: unknown key (did you mean listeners.quic?)");
    }

    /** listeners.quic (issue #16): EMQX's layout, the TLS keys without versions/ciphers (QUIC is TLS 1.3), named blocks. */
    @Test
    void quicListenersWithDefaultsAndNamedBlocks() throws Exception {
        List<ListenerConfig> l = load("""
                listeners.tcp { bind = "127.0.0.1:1883" }
                listeners.quic {
                  bind = "0.0.0.0:14567"
                  keyfile = "etc/certs/server.key"
                  certfile = "etc/certs/server.crt"
                  mutual {
                    bind = "mqtt-quic://0.0.0.0:14568"
                    keyfile = "k.pem"
                    certfile = "c.pem"
                    cacertfile = "ca.pem"
                    verify_peer = true
                    fail_if_no_peer_cert = true
                    peer_cert_as_username = cn
                    idle_timeout = 30s
                    stream_window = 1MB
                  }
                }
                """);
        assertThat(l).extracting(ListenerConfig::kind, ListenerConfig::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.TCP, "default"), org.assertj.core.groups.Tuple.tuple(Kind.QUIC, "default"),
                org.assertj.core.groups.Tuple.tuple(Kind.QUIC, "mutual"));
        ListenerConfig def = l.get(1);
        assertThat(def.port()).isEqualTo(14567);
        assertThat(def.tls().keyfile()).isEqualTo(Path.of("etc/certs/server.key"));
        assertThat(def.quic().idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        ListenerConfig mutual = l.get(2);
        assertThat(mutual.port()).isEqualTo(14568);
        assertThat(mutual.tls().verifyPeer()).isTrue();
        assertThat(mutual.tls().failIfNoPeerCert()).isTrue();
        assertThat(mutual.tls().peerCertAsUsername()).isEqualTo(PeerCertField.CN);
        assertThat(mutual.quic().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(mutual.quic().streamWindow()).isEqualTo(1024 * 1024);
    }

    @Test
    void badQuicListenersNameTheKeyAndLine() throws Exception {
        Path f = ConfigFiles.write(dir, "q.conf", """
                listeners.quic {
                  bind = "0.0.0.0:14567"
                  certfile = "c.pem"
                  versions = ["tlsv1.3"]
                  idle_timeout = 0s
                  b { bind = "0.0.0.0:14568", keyfile = "k", certfile = "c", verify_peer = true }
                }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("q.conf:4: listeners.quic.versions: unknown key")
                .hasMessageContaining("q.conf:5: listeners.quic.idle_timeout")
                .hasMessageContaining("listeners.quic.keyfile: missing")
                .hasMessageContaining("q.conf:6: listeners.quic.b: verify_peer needs cacertfile");
    }

    @Test
    void wssWithoutAnyCertificateIsAnError() {
        Path f = ConfigFiles.write(dir, "w.conf", "listeners.wss { bind = \"127.0.0.1:8084/mqtt\" }\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("w.conf:1: listeners.wss.keyfile: missing (a wss listener needs keyfile and certfile, or a listeners.ssl block with them)");
    }

    @Test
    void keyPasswordFromTheEnvironment() throws Exception {
        Path f = ConfigFiles.write(dir, "e.conf", "listeners.ssl { bind = \"127.0.0.1:8883\", keyfile = \"k\", certfile = \"c\" }\n");
        List<ListenerConfig> l = ConfigLoader.load(f, Map.of("WRENMQ_LISTENERS__SSL__KEY_PASSWORD", "from-env"))
                .broker().listeners();
        assertThat(l.get(0).tls().keyPassword()).isEqualTo("from-env");
    }

    @Test
    void duplicateBindsAcrossKindsAreErrors() {
        Path f = ConfigFiles.write(dir, "d.conf", """
                listeners.tcp { bind = "127.0.0.1:1883" }
                listeners.ws { bind = "127.0.0.1:1883/mqtt" }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining("listeners 'tcp.default' and 'ws.default' both bind 127.0.0.1:1883");
    }
}
