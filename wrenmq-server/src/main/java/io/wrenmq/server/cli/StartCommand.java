package io.wrenmq.server.cli;

import io.wrenmq.broker.BrokerStartException;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.LogConfigurator;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.http.HttpApiServer;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `wrenmq start`: loads the configuration, runs the broker in the foreground, writes and removes the PID file. */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = WrenmqVersion.class,
        description = {"Runs the broker in the foreground until Ctrl-C, SIGTERM or `wrenmq stop`.",
                "Reads --conf FILE, else $NANOMQ_CONF_PATH, else $WRENMQ_HOME/etc/wrenmq.conf",
                "when present, else uses built-in defaults (a listener on 127.0.0.1:1883).",
                "Precedence: these flags > WRENMQ_<SECTION>__<KEY> > NANOMQ_* > the file.",
                "NanoMQ's start flags are accepted (docs/cli.md)."})
final class StartCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);

    @Mixin
    private ConfOption conf = new ConfOption();

    @Mixin
    private NanomqStartOptions nanomq = new NanomqStartOptions();

    @Mixin
    private PidFileOption pidFile = new PidFileOption();

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;

    StartCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InvalidConfigException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ConfigLayer flags;
        try {
            flags = nanomq.layer(spec, environment.workDir());
        } catch (ParameterException e) {
            return ConnectionOptions.usageError(spec, e);
        }
        Path confFile = conf.file(environment);
        ServerConfig config = ConfigLoader.load(confFile, environment.env(), flags);
        io.wrenmq.server.acl.AclLoader.load(config.broker().acl(), environment.baseDir()); // fail closed on a bad ACL file
        LogConfigurator.apply(config.log(), environment.baseDir());
        logNotices(config);
        LOG.info(confFile != null ? "Configuration: " + confFile + conf.origin(environment)
                : "No configuration file; using built-in defaults (listening on loopback only)");

        PidFile pid = pidFile.resolve(environment, config);
        long self = ProcessHandle.current().pid();
        OptionalLong running = runningInstance(pid, self, err);
        if (running.isPresent()) {
            err.println("error: WrenMQ is already running with PID " + running.getAsLong() + " (PID file " + pid.path() + ")");
            return ExitCodes.RUNTIME;
        }

        // Relative paths (persistence, listeners' key files, password file) are relative to WRENMQ_HOME, like log.dir.
        BrokerRuntime.resolvePaths(config, environment.baseDir());
        WrenBroker broker = new WrenBroker(config.broker());
        io.wrenmq.server.webhook.Webhooks webhooks = new io.wrenmq.server.webhook.Webhooks();
        webhooks.start(broker.events(), config.webhooks()); // before start: the first connection's events count
        try {
            broker.start();
        } catch (BrokerStartException e) {
            broker.stop();
            webhooks.close();
            err.println("error: " + e.getMessage());
            return ExitCodes.RUNTIME;
        } catch (RuntimeException e) {
            broker.stop();
            webhooks.close();
            throw e;
        }
        try {
            pid.write(self);
        } catch (IOException e) {
            broker.stop();
            webhooks.close();
            err.println("error: cannot write PID file " + pid.path() + ": " + e.getMessage() + " (use --pid-file)");
            return ExitCodes.RUNTIME;
        }

        BrokerRuntime runtime = new BrokerRuntime(config, broker, confFile, environment.env(), flags, environment.baseDir());
        // ctrl/restart builds a new engine: the WebHooks listen to its events from its start on.
        runtime.beforeStart((next, fresh) -> webhooks.start(next.events(), fresh.webhooks()));
        runtime.webhookMetrics(webhooks::metrics);
        ReloadService reload = new ReloadService(runtime);
        reload.register(new WebhookReload(webhooks));
        HttpApiServer api = null;
        if (config.broker().httpServer().enable()) {
            try {
                api = new HttpApiServer(runtime, reload, environment.baseDir());
                api.start();
            } catch (IOException e) {
                broker.stop();
                webhooks.close();
                pid.deleteIfOwnedBy(self);
                err.println("error: " + e.getMessage());
                return ExitCodes.RUNTIME;
            }
        }
        HttpApiServer httpServer = api;
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("WrenMQ stopping");
                try {
                    if (httpServer != null) {
                        httpServer.close();
                    }
                    runtime.broker().stop();
                    webhooks.close();
                } finally {
                    pid.deleteIfOwnedBy(self);
                    LOG.info("WrenMQ stopped");
                    stopped.countDown();
                }
            }
        };
        environment.lifecycle().onShutdown(shutdown);
        runtime.onStopRequest(shutdown);
        // `wrenmq reload` (SIGHUP): the report goes to the log and to a file beside the PID file for the command to print.
        environment.lifecycle().onReload(() -> ReloadCommand.writeReport(pid, reload.reload()));
        // WrenBroker itself logs "WrenMQ <version> started ..., listening on ...".
        environment.lifecycle().started(broker);
        stopped.await();
        return ExitCodes.OK;
    }

    /** The PID of another live instance using the same PID file; a stale file is reported and replaced. */
    private static OptionalLong runningInstance(PidFile pid, long self, PrintWriter err) {
        try {
            OptionalLong previous = pid.read();
            if (previous.isPresent() && previous.getAsLong() != self) {
                boolean alive = ProcessHandle.of(previous.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
                if (alive && StopCommand.looksLikeWrenmq(ProcessHandle.of(previous.getAsLong()).get())) {
                    return previous;
                }
                LOG.warn("Replacing stale PID file {} (process {} is not running)", pid.path(), previous.getAsLong());
            }
        } catch (IOException e) {
            LOG.warn("Replacing unreadable PID file: {}", e.getMessage());
        }
        return OptionalLong.empty();
    }

    private static void logNotices(ServerConfig config) {
        for (ServerConfig.Notice n : config.notices()) {
            switch (n.level()) {
                case WARN -> LOG.warn(n.message());
                case DEBUG -> LOG.debug(n.message());
            }
        }
    }

    /** "127.0.0.1:1883, [::1]:1884" (InetSocketAddress.toString would add a leading slash). */
    static String addresses(WrenBroker broker) {
        return broker.boundAddresses().stream().map(StartCommand::format).collect(Collectors.joining(", "));
    }

    private static String format(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        host = host.replaceFirst("%.*$", "");
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
