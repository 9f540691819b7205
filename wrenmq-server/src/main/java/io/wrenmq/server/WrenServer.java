package io.wrenmq.server;

import io.wrenmq.broker.BrokerStartException;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.files.OwnerOnlyFiles;
import io.wrenmq.server.files.PidFile;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadReport;
import io.wrenmq.server.reload.ReloadService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server of one configuration: the engine ({@link WrenBroker}), its {@link ServerComponent}s (WebHooks,
 * the REST API), hot reload ({@link BrokerRuntime}, {@link ReloadService}) and the PID file, started in one call and
 * closed in one call. `wrenmq start` is this plus argument parsing; an application embeds it the same way:
 *
 * <pre>{@code
 * try (WrenServer server = WrenServer.fromFile(Path.of("etc/wrenmq.conf"))) {
 *     server.start();
 *     server.awaitClosed(); // until close(), or POST /api/v4/ctrl/stop
 * }
 * }</pre>
 *
 * Logging (the file's log.* keys) is left to the application; `wrenmq start` applies them before it builds the server.
 */
public final class WrenServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WrenServer.class);

    private final ServerConfig config;
    private final Path configFile;
    private final Map<String, String> env;
    private final ConfigLayer commandLine;
    private final Path baseDir;
    private final Path workDir;
    private final PidFile pidFile;
    private final long self = ProcessHandle.current().pid();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** What close() undoes, the last started first; filled as start() goes. */
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private BrokerRuntime runtime;
    private ReloadService reload;
    private HttpApiComponent http;
    private boolean running;
    private boolean closing;

    private WrenServer(Builder b, ServerConfig config) {
        this.config = config;
        this.configFile = b.configFile;
        this.env = Map.copyOf(b.env);
        this.commandLine = b.commandLine;
        this.baseDir = b.baseDir;
        this.workDir = b.workDir != null ? b.workDir : b.baseDir;
        this.pidFile = b.pidFile;
    }

    /**
     * A server for the configuration file (null: built-in defaults), with the process's environment overrides
     * (WRENMQ_*, NANOMQ_*) and relative paths resolved against the working directory.
     */
    public static WrenServer fromFile(Path configFile) throws InvalidConfigException {
        return builder().configFile(configFile).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the engine and every component, then writes the PID file (when there is one). If anything fails, what
     * had started is closed again and nothing keeps running.
     *
     * @throws ServerStartException a listener or the REST API cannot bind, the PID file cannot be written, ...
     */
    public synchronized void start() throws ServerStartException {
        if (runtime != null || closing) {
            throw new IllegalStateException("a WrenServer starts once");
        }
        WrenBroker broker = new WrenBroker(config.broker());
        runtime = new BrokerRuntime(config, broker, configFile, env, commandLine, baseDir, workDir);
        reload = new ReloadService(runtime);
        // The parts of the server, in start order with the engine between the two lists. The dashboard joins here.
        List<ServerComponent> beforeEngine = List.of(new WebhookComponent(runtime));
        List<ServerComponent> afterEngine = new ArrayList<>();
        afterEngine.add(new BridgeComponent(runtime));
        afterEngine.add(new RuleComponent(runtime)); // after the bridges: its bridge actions publish over their links
        afterEngine.add(new GatewayComponent(runtime));
        if (config.httpServer().enable()) {
            http = new HttpApiComponent(runtime, reload, config.process().dataDir());
            afterEngine.add(http);
        }
        List<ServerComponent> all = new ArrayList<>(beforeEngine);
        all.addAll(afterEngine);
        all.forEach(reload::register);
        runtime.beforeStart((next, fresh) -> all.forEach(c -> c.engineReplaced(next, fresh)));
        runtime.afterStart((started, fresh) -> all.forEach(c -> c.engineRestarted(started, fresh)));
        runtime.onStopRequest(this::close); // POST /api/v4/ctrl/stop
        try {
            if (pidFile != null) {
                undo.push(() -> pidFile.deleteIfOwnedBy(self)); // last: the file says "running" until all is closed
            }
            for (ServerComponent c : beforeEngine) {
                start(c);
            }
            undo.push(() -> runtime.broker().stop()); // after ctrl/restart it is another engine
            broker.start();
            for (ServerComponent c : afterEngine) {
                start(c);
            }
            writePidFile(); // "running": every part is (`wrenmq reload`/`stop` and scripts wait for it)
        } catch (BrokerStartException e) {
            close();
            throw new ServerStartException(e.getMessage(), e);
        } catch (ServerStartException | RuntimeException e) {
            close();
            throw e;
        }
        running = true;
    }

    private void start(ServerComponent c) throws ServerStartException {
        undo.push(c::close); // also a half-started component is closed
        try {
            c.start();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServerStartException(e.getMessage(), e);
        }
    }

    private void writePidFile() throws ServerStartException {
        if (pidFile == null) {
            return;
        }
        try {
            pidFile.write(self);
        } catch (IOException e) {
            throw new ServerStartException("cannot write PID file " + pidFile.path() + ": " + e.getMessage()
                    + " (use --pid-file)", e);
        }
    }

    /** The running engine; ctrl/restart replaces it, so ask each time rather than keeping it. */
    public WrenBroker broker() {
        return runtime().broker();
    }

    /** The running engine with its configuration, as the REST API and reload see it. */
    public synchronized BrokerRuntime runtime() {
        if (runtime == null) {
            throw new IllegalStateException("the server has not been started");
        }
        return runtime;
    }

    /** The REST API's port, when http_server.enable is on and the server has started. */
    public OptionalInt httpPort() {
        HttpApiComponent h;
        synchronized (this) {
            h = http;
        }
        return h != null ? h.port() : OptionalInt.empty();
    }

    /**
     * Reads the configuration file again and applies what changes at run time (what SIGHUP does; the REST API's
     * POST /reload does the same). The report is logged and, when there is a PID file, written beside it for
     * `wrenmq reload` to print.
     */
    public ReloadReport reload() {
        ReloadService service;
        synchronized (this) {
            service = reload;
        }
        if (service == null) {
            throw new IllegalStateException("the server has not been started");
        }
        ReloadReport report = service.reload();
        LOG.info("Reload:\n{}", report.describe());
        if (pidFile != null) {
            try {
                OwnerOnlyFiles.writeAtomically(pidFile.reportFile(), report.describe() + "# " + Instant.now() + "\n");
            } catch (IOException e) {
                LOG.warn("Cannot write the reload report beside {}: {}", pidFile.path(), e.getMessage());
            }
        }
        return report;
    }

    /**
     * Stops everything that started, in the reverse order (the REST API, the engine, the WebHooks), then removes the
     * PID file; idempotent, and safe after a failed start. Returns when all is closed.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        boolean wasRunning = running;
        running = false;
        if (wasRunning) {
            LOG.info("WrenMQ stopping");
        }
        try {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException e) {
                    LOG.warn("While stopping: {}", e.toString()); // the rest still closes
                }
            }
        } finally {
            if (wasRunning) {
                LOG.info("WrenMQ stopped");
            }
            closed.countDown();
        }
    }

    /** Waits until {@link #close()} has finished (ctrl/stop, a shutdown hook, another thread). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** As {@link #awaitClosed()}, at most {@code timeout}; whether the server is closed. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    /** How to build a {@link WrenServer}; every setting has the default `wrenmq start` would use without flags. */
    public static final class Builder {
        private Path configFile;
        private Map<String, String> env = System.getenv();
        private ConfigLayer commandLine = ConfigLayer.empty();
        private Path baseDir = Path.of("").toAbsolutePath();
        private Path workDir;
        private PidFile pidFile;
        private ServerConfig config;

        private Builder() {
        }

        /** The HOCON file to read; none: built-in defaults (a listener on 127.0.0.1:1883). */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /** The variables WRENMQ_* and NANOMQ_* overrides are read from (default: the process's). */
        public Builder env(Map<String, String> env) {
            this.env = Objects.requireNonNull(env);
            return this;
        }

        /** Values above the file and the environment (`wrenmq start`'s flags); a reload keeps them. */
        public Builder commandLine(ConfigLayer layer) {
            this.commandLine = Objects.requireNonNull(layer);
            return this;
        }

        /** What relative paths in the file are relative to (default: the working directory; `wrenmq start`: WRENMQ_HOME). */
        public Builder baseDir(Path dir) {
            this.baseDir = dir.toAbsolutePath();
            return this;
        }

        /**
         * What a relative system.data_dir (where the broker writes) is relative to (default: {@link #baseDir};
         * `wrenmq start`: its working directory, so nothing is written into the installation).
         */
        public Builder workDir(Path dir) {
            this.workDir = dir.toAbsolutePath();
            return this;
        }

        /** Written once the engine listens, removed at close (default: none). */
        public Builder pidFile(PidFile file) {
            this.pidFile = file;
            return this;
        }

        /** A configuration already read with {@link BrokerRuntime#load} from the same file, environment and flags. */
        public Builder loaded(ServerConfig config) {
            this.config = config;
            return this;
        }

        /** Reads and validates the file (unless {@link #loaded} gave it); nothing starts yet. */
        public WrenServer build() throws InvalidConfigException {
            ServerConfig c = config;
            if (c == null) {
                c = BrokerRuntime.load(configFile, env, commandLine, baseDir, workDir != null ? workDir : baseDir);
                c.logNotices(LOG);
            }
            return new WrenServer(this, c);
        }
    }
}
