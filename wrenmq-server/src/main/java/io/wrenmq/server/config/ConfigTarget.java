package io.wrenmq.server.config;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.server.http.HttpServerConfig;

/**
 * What the schema's setters write into: the engine's config, the REST API's, the server's own log settings and the
 * process's.
 */
public record ConfigTarget(BrokerConfig broker, HttpServerConfig httpServer, LogSettings log, ProcessSettings process) {
    public static ConfigTarget defaults() {
        BrokerConfig broker = new BrokerConfig();
        // The server persists by default (SQLite is embedded: nothing to install); embedding defaults to memory.
        broker.persistence().type(PersistenceConfig.Type.SQLITE);
        return new ConfigTarget(broker, new HttpServerConfig(), new LogSettings(), new ProcessSettings());
    }
}
