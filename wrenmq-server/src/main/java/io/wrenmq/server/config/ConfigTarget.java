package io.wrenmq.server.config;

import io.wrenmq.broker.BrokerConfig;

/** What the schema's setters write into: the engine's config and the server's own log settings. */
public record ConfigTarget(BrokerConfig broker, LogSettings log) {
    public static ConfigTarget defaults() {
        return new ConfigTarget(new BrokerConfig(), new LogSettings());
    }
}
