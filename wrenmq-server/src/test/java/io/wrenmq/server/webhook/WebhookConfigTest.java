package io.wrenmq.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.hook.EventType;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook block: NanoMQ's form, named targets, defaults from the schema, and errors with file and line. */
class WebhookConfigTest {
    @TempDir
    Path dir;

    private ServerConfig load(String text) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("w.conf"), text), Map.of());
    }

    @Test
    void nanomqBlockWithDefaultsAndNamedTargets() throws Exception {
        ServerConfig c = load("""
                webhook {
                  url = "http://127.0.0.1:9000/hook"
                  headers.X-Key = "k1"
                  body.encoding = base64
                  pool_size = 8
                  events = [ { event = "on_client_connack" }, { event = "on_message_publish", topic = "s/#" } ]
                  audit { url = "https://audit.example.com/e", max_retries = 0, events = [ { event = "client_disconnected" } ] }
                }
                """);
        assertThat(c.webhooks()).extracting(WebhookConfig::name).containsExactly("default", "audit");
        WebhookConfig d = c.webhooks().get(0);
        assertThat(d.enable()).isTrue();
        assertThat(d.url().toString()).isEqualTo("http://127.0.0.1:9000/hook");
        assertThat(d.headers()).containsEntry("X-Key", "k1");
        assertThat(d.encoding()).isEqualTo(PayloadEncoding.BASE64);
        assertThat(d.poolSize()).isEqualTo(8);
        assertThat(d.rules()).containsExactly(new WebhookRule(EventType.CLIENT_CONNACK, null),
                new WebhookRule(EventType.MESSAGE_PUBLISH, "s/#"));
        assertThat(d.queueSize()).isEqualTo(10000);
        assertThat(d.maxRetries()).isEqualTo(3);
        assertThat(d.cancelTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(d.backoff(10)).isEqualTo(Duration.ofSeconds(30));
        WebhookConfig a = c.webhooks().get(1);
        assertThat(a.encoding()).isEqualTo(PayloadEncoding.PLAIN);
        assertThat(a.maxRetries()).isZero();
        assertThat(a.rules()).containsExactly(new WebhookRule(EventType.CLIENT_DISCONNECTED, null));
    }

    @Test
    void badValuesNameTheKeyAndLine() {
        assertThatThrownBy(() -> load("webhook {\n  url = \"http://h/x\"\n  events = [ { event = \"on_client_conect\" } ]\n}\n"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("w.conf:3")
                .hasMessageContaining("webhook.events").hasMessageContaining("unknown event on_client_conect")
                .hasMessageContaining("on_client_connect");
        assertThatThrownBy(() -> load("webhook { events = [] }\n")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("webhook.url").hasMessageContaining("missing");
        assertThatThrownBy(() -> load("webhook.x { url = \"ftp://h/\" }\n")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("webhook.x.url").hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> load("webhook.x { url = \"http://h/\", pool_sise = 3 }\n")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("webhook.x.pool_sise").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> load("webhook { url = \"http://h/\", body.encoding = base32 }\n")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("webhook.body.encoding");
        assertThatThrownBy(() -> load("webhook { url = \"http://h/\", events = [ { event = \"on_client_connected\", topic = \"a/#\" } ] }\n"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("topic only applies");
        assertThatThrownBy(() -> load("webhook { url = \"http://h/\", events = [ { event = \"on_message_publish\", topic = \"a/#/b\" } ] }\n"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("bad topic filter");
    }

    @Test
    void disabledTargetNeedsNoUrlAndSendsNothing() throws Exception {
        ServerConfig c = load("webhook { enable = false }\n");
        assertThat(c.webhooks()).hasSize(1);
        try (Webhooks w = new Webhooks()) {
            io.wrenmq.broker.hook.EventHub hub = new io.wrenmq.broker.hook.EventHub();
            w.start(hub, c.webhooks());
            assertThat(w.metrics()).isEmpty();
            for (EventType t : EventType.values()) {
                assertThat(hub.wants(t)).as(t.name()).isFalse(); // nothing is produced for a disabled target
            }
        }
    }
}
