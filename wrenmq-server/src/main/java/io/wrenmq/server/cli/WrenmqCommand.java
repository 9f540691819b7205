package io.wrenmq.server.cli;

import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.service.ServiceHost;
import io.wrenmq.tools.CommandErrors;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.ToolCommands;
import io.wrenmq.tools.WrenmqVersion;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The `wrenmq` command. {@link #main} only exits with the code {@link #execute} returns, so tests run
 * the same code in-process with their own writers and environment.
 */
@Command(name = "wrenmq", mixinStandardHelpOptions = true, versionProvider = WrenmqVersion.class,
        description = "WrenMQ, a lightweight MQTT broker for the edge.",
        footer = {"", "Exit codes: 0 ok, 1 runtime error, 2 usage or configuration error."})
public final class WrenmqCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        applyProcessDefaults(System.getProperties());
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err, CliEnvironment.system()));
    }

    /**
     * JVM-wide settings for a `wrenmq` process, set before any Netty class reads them; only {@link #main} applies
     * them, because an application that embeds the broker owns its JVM's settings.
     *
     * <p>Netty's buffer leak detector is switched off unless the user chose a level: at its default ("simple") it
     * records a stack trace for one buffer in 128 and tags every buffer passing the pipeline, which a profile of
     * the broker at 5,000 msg/s showed as about 5% of the event loop's CPU (docs/benchmarks.md). It is a debugging
     * aid: `-Dio.netty.leakDetection.level=simple` (or paranoid) in WRENMQ_JAVA_OPTS turns it back on, and the
     * test suite runs with it at paranoid.
     */
    static void applyProcessDefaults(Properties properties) {
        if (properties.getProperty("io.netty.leakDetection.level") == null
                && properties.getProperty("io.netty.leakDetectionLevel") == null) {
            properties.setProperty("io.netty.leakDetection.level", "disabled");
        }
    }

    /** Runs one command line and returns its exit code; never calls System.exit. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, CliEnvironment environment) {
        CommandLine cl = new CommandLine(new WrenmqCommand());
        subcommands(environment).forEach((name, command) -> {
            if (needed(name, args)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setOut(out);
        cl.setErr(err);
        CommandErrors errors = new CommandErrors();
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof InvalidConfigException) {
                // The collected messages are the whole story; a stack trace would only hide them.
                cmd.getErr().println(ex.getMessage());
                cmd.getErr().flush();
                return ExitCodes.USAGE;
            }
            return errors.handleExecutionException(ex, cmd, parseResult);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Every subcommand, built only when asked for: picocli reads each command's annotations when it is added, and
     * for pub, sub, bench and the rest that took about 100 ms of the broker's start-up (docs/benchmarks.md).
     */
    static Map<String, Supplier<Object>> subcommands(CliEnvironment environment) {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("start", () -> new StartCommand(environment));
        all.put("stop", () -> new StopCommand(environment));
        all.put("reload", () -> new ReloadCommand(environment));
        ToolCommands.factories(environment.tools()).forEach(all::put); // pub, sub, bench: module wrenmq-tools
        all.put("passwd", () -> new PasswdCommand(environment));
        all.put("gateway", () -> new CommandLine(new GatewayCommand()).addSubcommand("zmq", new GatewayCommand.Zmq(environment)));
        all.put("service", () -> ServiceCommand.commandLine(environment, ServiceHost.system()));
        all.put("version", VersionCommand::new);
        return all;
    }

    /**
     * Whether {@code name} must be registered for {@code args}: when the first argument names a subcommand, only that
     * one (its own --help and errors need nothing else); otherwise all of them, for the usage list and picocli's
     * "did you mean" suggestions.
     */
    static boolean needed(String name, String[] args) {
        return args.length == 0 || !SUBCOMMAND_NAMES.contains(args[0]) || args[0].equals(name);
    }

    /** The names {@link #subcommands} registers, so {@link #needed} can tell without building them. */
    static final Set<String> SUBCOMMAND_NAMES = Set.of("start", "stop", "reload", "pub", "sub", "bench", "passwd",
            "gateway", "service", "version");

    /** `wrenmq` alone: show what there is to do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
