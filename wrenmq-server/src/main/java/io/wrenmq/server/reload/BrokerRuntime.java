package io.wrenmq.server.reload;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.acl.AclLoader;
import io.wrenmq.server.bridge.BridgeOperations;
import io.wrenmq.server.gateway.GatewayOperations;
import io.wrenmq.server.rule.RuleOperations;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.http.HttpServerConfig;
import io.wrenmq.server.webhook.WebhookMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine of the server process and where its configuration came from: what the REST API, reload and
 * ctrl/restart work on. {@link #restart()} replaces the engine in the same process; everything that holds on to
 * the broker asks {@link #broker()} each time instead of keeping it.
 */
public final class BrokerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRuntime.class);

    private final Path configFile;
    private final Map<String, String> env;
    private final ConfigLayer commandLine;
    private final Path baseDir;
    private final Path workDir;
    private final long startedAtMillis = System.currentTimeMillis();
    private volatile ServerConfig config;
    private volatile WrenBroker broker;
    private volatile Runnable stopProcess = () -> { };

    /**
     * @param configFile the file the configuration was read from (null: defaults only, nothing to reload)
     * @param baseDir    WRENMQ_HOME or the working directory: relative input paths in the file are resolved against it
     *                   (relative output paths against the data directory, {@link #dataDir()})
     */
    /** Parts that attach to a new engine before it starts (WebHooks listen to its events), at ctrl/restart. */
    private final List<BiConsumer<WrenBroker, ServerConfig>> beforeStart = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<WrenBroker, ServerConfig>> afterStart = new CopyOnWriteArrayList<>();

    private volatile Supplier<Map<String, WebhookMetrics>> webhookMetrics = Map::of;
    private volatile BridgeOperations bridges = BridgeOperations.NONE;
    private volatile RuleOperations rules = RuleOperations.NONE;
    private volatile GatewayOperations gateways = GatewayOperations.NONE;

    public BrokerRuntime(ServerConfig config, WrenBroker broker, Path configFile, Map<String, String> env, Path baseDir) {
        this(config, broker, configFile, env, ConfigLayer.empty(), baseDir);
    }

    /** @param commandLine the values of `wrenmq start`'s flags: a reload or restart keeps them above the file */
    public BrokerRuntime(ServerConfig config, WrenBroker broker, Path configFile, Map<String, String> env,
            ConfigLayer commandLine, Path baseDir) {
        this(config, broker, configFile, env, commandLine, baseDir, baseDir);
    }

    /** @param workDir what a relative system.data_dir is relative to when the file is read again (reload, restart) */
    public BrokerRuntime(ServerConfig config, WrenBroker broker, Path configFile, Map<String, String> env,
            ConfigLayer commandLine, Path baseDir, Path workDir) {
        this.config = Objects.requireNonNull(config);
        this.broker = Objects.requireNonNull(broker);
        this.configFile = configFile;
        this.env = Map.copyOf(env);
        this.commandLine = Objects.requireNonNull(commandLine);
        this.baseDir = baseDir;
        this.workDir = workDir;
    }

    /** The WebHook targets' counters by target name, for the metrics endpoints (set by `wrenmq start`). */
    public void webhookMetrics(Supplier<Map<String, WebhookMetrics>> source) {
        this.webhookMetrics = Objects.requireNonNull(source);
    }

    public Map<String, WebhookMetrics> webhookMetrics() {
        return webhookMetrics.get();
    }

    /** The MQTT bridges, for the REST API and Prometheus (set by the server's bridges component). */
    public void bridges(BridgeOperations operations) {
        this.bridges = Objects.requireNonNull(operations);
    }

    public BridgeOperations bridges() {
        return bridges;
    }

    /** The running rules, for the REST API (the rule component sets them at each start of the engine). */
    public void rules(RuleOperations operations) {
        this.rules = Objects.requireNonNull(operations);
    }

    public RuleOperations rules() {
        return rules;
    }

    /** The gateways, for the REST API and Prometheus (set by the server's gateway component). */
    public void gateways(GatewayOperations operations) {
        this.gateways = Objects.requireNonNull(operations);
    }

    public GatewayOperations gateways() {
        return gateways;
    }

    /** Runs {@code hook} with each engine that {@link #restart()} makes, and its configuration, before it starts. */
    public void beforeStart(BiConsumer<WrenBroker, ServerConfig> hook) {
        beforeStart.add(hook);
    }

    /** Called with the new engine once ctrl/restart has started it (also the previous one, when the new failed). */
    public void afterStart(BiConsumer<WrenBroker, ServerConfig> hook) {
        afterStart.add(hook);
    }

    public WrenBroker broker() {
        return broker;
    }

    public ServerConfig config() {
        return config;
    }

    public Path configFile() {
        return configFile;
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Where the broker writes (store, PID file, generated password, logs): system.data_dir, absolute. */
    public Path dataDir() {
        return config.process().dataDir();
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** What ctrl/stop runs: the process's own shutdown path (set by `wrenmq start`). */
    public void onStopRequest(Runnable stop) {
        this.stopProcess = Objects.requireNonNull(stop);
    }

    /** Asks the process to stop, from another thread so the caller (an HTTP answer) can finish first. */
    public void requestStop() {
        Thread t = new Thread(stopProcess, "wrenmq-ctrl-stop");
        t.setDaemon(false);
        t.start();
    }

    /**
     * Reads and validates the file again the way start-up does (paths resolved, the ACL file loaded); throws
     * {@link InvalidConfigException} with every problem, changing nothing.
     */
    public ServerConfig loadFresh() throws InvalidConfigException {
        return load(configFile, env, commandLine, baseDir, workDir);
    }

    /**
     * Loads and validates a configuration the way start-up does: the file (null: built-in defaults) under the
     * environment's overrides and the command line's flags, relative paths resolved against {@code baseDir}, and the
     * ACL file read (a bad one fails closed, like every other error: {@link InvalidConfigException}).
     */
    public static ServerConfig load(Path configFile, Map<String, String> env, ConfigLayer commandLine, Path baseDir)
            throws InvalidConfigException {
        return load(configFile, env, commandLine, baseDir, baseDir);
    }

    /** As {@link #load(Path, Map, ConfigLayer, Path)}; a relative system.data_dir is relative to {@code workDir}. */
    public static ServerConfig load(Path configFile, Map<String, String> env, ConfigLayer commandLine, Path baseDir,
            Path workDir) throws InvalidConfigException {
        ServerConfig config = ConfigLoader.load(configFile, env, commandLine, baseDir, workDir);
        resolvePaths(config, baseDir);
        AclLoader.load(config.broker().acl(), baseDir);
        return config;
    }

    /**
     * Stops the engine and starts a new one in this process with the file's current content (so keys reported as
     * "needs restart" take effect); the file is validated first and an invalid one leaves the engine running.
     */
    public synchronized void restart() throws InvalidConfigException {
        // The API server itself keeps running as it is.
        ServerConfig fresh = (configFile != null ? loadFresh() : config).withHttpServer(config.httpServer());
        LOG.info("WrenMQ restarting (ctrl/restart)");
        broker.stop();
        WrenBroker next = new WrenBroker(fresh.broker());
        try {
            WrenBroker starting = next;
            beforeStart.forEach(h -> h.accept(starting, fresh));
            next.start();
        } catch (RuntimeException e) {
            LOG.error("Restart with the new configuration failed ({}); starting again with the previous one", e.getMessage());
            next.stop();
            WrenBroker previous = new WrenBroker(config.broker());
            beforeStart.forEach(h -> h.accept(previous, config));
            previous.start();
            next = previous;
            broker = next;
            afterStart.forEach(h -> h.accept(previous, config));
            throw e;
        }
        config = fresh;
        broker = next;
        WrenBroker started = next;
        afterStart.forEach(h -> h.accept(started, fresh));
    }

    /**
     * Resolves the file's relative paths, as `wrenmq start` does before the broker starts: what the broker reads
     * (certificates, the password file, the JWT key) against WRENMQ_HOME, what it writes (the store) against the data
     * directory, so the installation stays read-only.
     */
    public static void resolvePaths(ServerConfig config, Path baseDir) {
        var b = config.broker();
        b.persistence().path(config.process().dataDir().resolve(b.persistence().path()));
        b.listeners(b.listeners().stream().map(l -> l.resolvedAgainst(baseDir)).toList());
        if (b.auth().passwordFile() != null) {
            b.auth().passwordFile(baseDir.resolve(b.auth().passwordFile()));
        }
        HttpServerConfig http = config.httpServer();
        if (http.jwtPublicKeyFile() != null) {
            http.jwtPublicKeyFile(baseDir.resolve(http.jwtPublicKeyFile()));
        }
    }
}
