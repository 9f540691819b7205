package io.wrenmq.server.webhook;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real broker on an ephemeral loopback port with the WebHooks of a config text, as `wrenmq start` wires them. */
final class WebhookBroker implements AutoCloseable {
    final WrenBroker broker;
    final Webhooks webhooks = new Webhooks();

    WebhookBroker(Path dir, String conf) throws Exception {
        Path file = Files.writeString(dir.resolve("wrenmq.conf"), "listeners.tcp.bind = \"127.0.0.1:0\"\n"
                + "persistence.type = memory\nsystem.sys_interval = 0s\n" + conf);
        ServerConfig config = ConfigLoader.load(file, Map.of());
        broker = new WrenBroker(config.broker());
        webhooks.start(broker.events(), config.webhooks());
        broker.start();
    }

    int port() {
        return broker.port();
    }

    WebhookMetrics metrics(String target) {
        return webhooks.metrics().get(target);
    }

    @Override
    public void close() {
        broker.stop();
        webhooks.close();
    }
}
