package io.wrenmq.server.config;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.server.bridge.BridgesConfig;
import io.wrenmq.server.gateway.GatewaysConfig;
import io.wrenmq.server.http.HttpServerConfig;
import io.wrenmq.server.rule.RulesConfig;
import io.wrenmq.server.webhook.WebhookConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * A loaded, validated configuration: the engine's part, the REST API's, the log settings, and what the loader wants to
 * tell the user once logging is set up (ignored NanoMQ keys), the process's own settings (the PID file), the MQTT
 * bridges, the rules ({@link RulesConfig#NONE} without a {@code rules} block) and the gateways. Notices are returned rather than
 * logged during loading because logging is configured from this very result.
 */
public record ServerConfig(BrokerConfig broker, HttpServerConfig httpServer, LogSettings log, List<Notice> notices,
        Optional<Path> source, List<WebhookConfig> webhooks, ProcessSettings process, BridgesConfig bridges,
        RulesConfig rules, GatewaysConfig gateways) {

    /** The same configuration with another REST API block (a restart keeps the running API server's). */
    public ServerConfig withHttpServer(HttpServerConfig value) {
        return new ServerConfig(broker, value, log, notices, source, webhooks, process, bridges, rules, gateways);
    }

    /** What the schema's getters read, for comparing or showing the keys' values. */
    public ConfigTarget target() {
        return new ConfigTarget(broker, httpServer, log, process);
    }

    /** Something to log after start-up, at the given level. */
    public record Notice(ConfigKey.IgnoredLevel level, String message) {
    }

    /** Logs the notices (once logging is set up from this configuration). */
    public void logNotices(Logger log) {
        for (Notice n : notices) {
            switch (n.level()) {
                case WARN -> log.warn(n.message());
                case DEBUG -> log.debug(n.message());
            }
        }
    }
}
