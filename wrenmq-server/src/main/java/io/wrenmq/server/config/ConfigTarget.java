package io.wrenmq.server.config;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.server.http.HttpServerConfig;
import java.nio.file.Path;

/**
 * What the schema's setters write into: the engine's config, the REST API's, the server's own log settings and the
 * process's.
 */
public record ConfigTarget(BrokerConfig broker, HttpServerConfig httpServer, LogSettings log, ProcessSettings process) {
    public static ConfigTarget defaults() {
        BrokerConfig broker = new BrokerConfig();
        // The server persists by default (SQLite is embedded: nothing to install); embedding defaults to memory.
        broker.persistence().type(PersistenceConfig.Type.SQLITE);
        // Relative to system.data_dir (BrokerRuntime.resolvePaths), so ./data/wrenmq.db by default.
        broker.persistence().path(Path.of("wrenmq.db"));
        return new ConfigTarget(broker, new HttpServerConfig(), new LogSettings(), new ProcessSettings());
    }
}
