package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.WrenServer;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.http.HttpServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * `wrenmq start` run in-process on a background thread for end-to-end tests: waits until the broker is up (or
 * the command returned early, which fails the test with its output), and stops it the way SIGTERM would.
 */
final class StartedBroker {
    private final CompletableFuture<Runnable> shutdown = new CompletableFuture<>();
    private final CompletableFuture<Runnable> reload = new CompletableFuture<>();
    private final CompletableFuture<WrenBroker> started = new CompletableFuture<>();
    private final CompletableFuture<CliRun> run;
    private final WrenBroker broker;
    private volatile WrenServer server;

    private StartedBroker(Path workDir, Map<String, String> env, String... args) throws Exception {
        Lifecycle lifecycle = new Lifecycle() {
            @Override
            public void onShutdown(Runnable stop) {
                shutdown.complete(stop);
            }

            @Override
            public void onReload(Runnable r) {
                reload.complete(r);
            }

            @Override
            public void started(WrenServer s) {
                server = s;
                started.complete(s.broker());
            }
        };
        run = CompletableFuture.supplyAsync(() -> CliRun.run(workDir, env, lifecycle, args));
        broker = CompletableFuture.anyOf(started, run).thenApply(x -> started.getNow(null)).get(30, TimeUnit.SECONDS);
        assertThat(broker).as("start returned early: %s", run.getNow(null)).isNotNull();
    }

    /** Runs {@code wrenmq args...} in {@code workDir} with {@code env} and returns once the broker has started. */
    static StartedBroker start(Path workDir, Map<String, String> env, String... args) throws Exception {
        return new StartedBroker(workDir, env, args);
    }

    WrenBroker broker() {
        return broker;
    }

    /** The configuration the server started with. */
    ServerConfig config() {
        return server.runtime().config();
    }

    /** The REST API's settings the server started with. */
    HttpServerConfig httpServer() {
        return server.runtime().config().httpServer();
    }

    /** Runs what SIGHUP (`wrenmq reload`) runs: the file is read again and applied. */
    void reload() throws Exception {
        reload.get(5, TimeUnit.SECONDS).run();
    }

    /** Triggers the shutdown path (what SIGTERM runs) and returns the command's result. */
    CliRun stop() throws Exception {
        shutdown.get(5, TimeUnit.SECONDS).run();
        return run.get(20, TimeUnit.SECONDS);
    }
}
