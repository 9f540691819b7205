package io.wrenmq.server.cli;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.ServerStartException;
import io.wrenmq.server.WrenServer;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.LogConfigurator;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.files.PidFile;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.UsageErrors;
import io.wrenmq.tools.WrenmqVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `wrenmq start`: parses the flags, loads the configuration, sets up logging from it, refuses to start a second
 * instance on the same PID file, then runs a {@link WrenServer} in the foreground until the process is asked to stop.
 */
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
            return UsageErrors.report(spec, e);
        }
        Path confFile = conf.file(environment);
        // Relative paths of what the broker reads (listeners' key files, password and ACL files) are relative to
        // WRENMQ_HOME, of what it writes (store, PID file, logs) to the data directory; a bad ACL file fails closed here.
        ServerConfig config = BrokerRuntime.load(confFile, environment.env(), flags, environment.baseDir(), environment.workDir());
        LogConfigurator.apply(config.log(), config.process().dataDir());
        config.logNotices(LOG);
        LOG.info(confFile != null ? "Configuration: " + confFile + conf.origin(environment)
                : "No configuration file; using built-in defaults (listening on loopback only)");

        PidFile pid = pidFile.resolve(environment, config);
        OptionalLong running = runningInstance(pid, ProcessHandle.current().pid(), err);
        if (running.isPresent()) {
            err.println("error: WrenMQ is already running with PID " + running.getAsLong() + " (PID file " + pid.path() + ")");
            return ExitCodes.RUNTIME;
        }

        WrenServer server = WrenServer.builder().configFile(confFile).env(environment.env()).commandLine(flags)
                .baseDir(environment.baseDir()).workDir(environment.workDir()).pidFile(pid).loaded(config).build();
        // `wrenmq reload` (SIGHUP): the report goes to the log and to a file beside the PID file for the command to print.
        // Installed before the start: the PID file, which `wrenmq reload` signals, exists only once everything runs,
        // and the JVM's own answer to a SIGHUP without a handler is to exit.
        environment.lifecycle().onReload(server::reload);
        try {
            server.start();
        } catch (ServerStartException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.RUNTIME;
        }
        environment.lifecycle().onShutdown(server::close);
        // WrenBroker itself logs "WrenMQ <version> started ..., listening on ...".
        environment.lifecycle().started(server);
        server.awaitClosed();
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
