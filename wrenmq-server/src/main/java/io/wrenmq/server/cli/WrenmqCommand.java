package io.wrenmq.server.cli;

import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.service.ServiceHost;
import io.wrenmq.tools.CommandErrors;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.ToolCommands;
import io.wrenmq.tools.WrenmqVersion;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
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
        CommandLine cl = new CommandLine(new WrenmqCommand())
                .addSubcommand("start", new StartCommand(environment))
                .addSubcommand("stop", new StopCommand(environment))
                .addSubcommand("reload", new ReloadCommand(environment));
        ToolCommands.addTo(cl, environment.tools()) // pub, sub, bench: module wrenmq-tools
                .addSubcommand("passwd", new PasswdCommand(environment))
                .addSubcommand("gateway", new CommandLine(new GatewayCommand())
                        .addSubcommand("zmq", new GatewayCommand.Zmq(environment)))
                .addSubcommand("service", ServiceCommand.commandLine(environment, ServiceHost.system()))
                .addSubcommand("version", new VersionCommand());
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

    /** `wrenmq` alone: show what there is to do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
