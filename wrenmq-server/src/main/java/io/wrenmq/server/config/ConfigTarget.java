package io.wrenmq.server.config;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.PersistenceConfig;

/** What the schema's setters write into: the engine's config, the server's own log settings and the process's. */
public record ConfigTarget(BrokerConfig broker, LogSettings log, ProcessSettings process) {
    /** Without process settings of its own (callers that compare engine and log keys only). */
    public ConfigTarget(BrokerConfig broker, LogSettings log) {
        this(broker, log, new ProcessSettings());
    }

    public static ConfigTarget defaults() {
        BrokerConfig broker = new BrokerConfig();
        // The server persists by default (SQLite is embedded: nothing to install); embedding defaults to memory.
        broker.persistence().type(PersistenceConfig.Type.SQLITE);
        return new ConfigTarget(broker, new LogSettings(), new ProcessSettings());
    }
}
