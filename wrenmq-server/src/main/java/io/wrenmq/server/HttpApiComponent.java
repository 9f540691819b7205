package io.wrenmq.server;

import io.wrenmq.server.http.HttpApiServer;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The REST API (and Prometheus endpoint) as a part of the server: it serves the running engine, so it starts after
 * the engine listens and closes before it stops. Its own settings (http_server.*) take a restart of the process.
 */
final class HttpApiComponent implements ServerComponent {
    private final BrokerRuntime runtime;
    private final ReloadService reload;
    private final Path dataDir;
    private HttpApiServer server;
    private volatile int port;

    HttpApiComponent(BrokerRuntime runtime, ReloadService reload, Path dataDir) {
        this.runtime = runtime;
        this.reload = reload;
        this.dataDir = dataDir;
    }

    @Override
    public String name() {
        return "http_server";
    }

    /** Reads the credentials (or the JWT key) and binds http_server.ip_addr:port; throws naming what failed. */
    @Override
    public void start() throws IOException {
        server = new HttpApiServer(runtime, reload, dataDir);
        server.start();
        port = server.port();
    }

    /** The bound port, once started. */
    OptionalInt port() {
        return port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
