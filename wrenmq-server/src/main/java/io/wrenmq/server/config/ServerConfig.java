package io.wrenmq.server.config;

import io.wrenmq.broker.BrokerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded, validated configuration: the engine's part, the log settings, and what the loader wants to
 * tell the user once logging is set up (ignored NanoMQ keys), and the process's own settings (the PID file). Notices are returned rather than logged
 * during loading because logging is configured from this very result.
 */
public record ServerConfig(BrokerConfig broker, LogSettings log, List<Notice> notices, Optional<Path> source,
        List<io.wrenmq.server.webhook.WebhookConfig> webhooks, ProcessSettings process) {

    /** Something to log after start-up, at the given level. */
    public record Notice(ConfigKey.IgnoredLevel level, String message) {
    }
}
