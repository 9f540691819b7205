package io.wrenmq.server.cli;

import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.service.ServiceHost;
import io.wrenmq.server.service.SystemdInstaller;
import io.wrenmq.server.service.SystemdUnit;
import io.wrenmq.server.service.WinswConfig;
import io.wrenmq.server.service.WindowsPaths;
import io.wrenmq.server.service.WinswInstaller;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.WrenmqVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `wrenmq service install`: on Linux writes the hardened systemd unit and enables it (docs/service.md); on Windows, or
 * with --windows, writes the WinSW configuration and prints the steps.
 */
@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = WrenmqVersion.class,
        description = {"Linux: creates the service user, writes a hardened systemd unit running `wrenmq start`,",
                "then systemctl daemon-reload and enable --now (needs root, except --print and --unit-dir DIR).",
                "Windows (or --windows): writes the configuration of the WinSW service wrapper and prints the steps."})
final class ServiceInstallCommand implements Callable<Integer> {
    @Option(names = "--name", paramLabel = "NAME", defaultValue = "wrenmq", description = "The service's name (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "wrenmq",
            description = "Linux: the system user (and group) the broker runs as; created when missing (default: ${DEFAULT-VALUE}).")
    private String user;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "WRENMQ_DATA_DIR of the service (default: /var/lib/wrenmq; Windows: %%ProgramData%%\\WrenMQ).")
    private String dataDir;

    @Option(names = "--conf", paramLabel = "FILE", description = "The configuration file (default: $WRENMQ_HOME/etc/wrenmq.conf).")
    private String conf;

    @Option(names = "--home", paramLabel = "DIR", description = "The installation to run (default: WRENMQ_HOME, set by bin/wrenmq).")
    private String home;

    @Option(names = "--unit-dir", paramLabel = "DIR",
            description = "Linux: where to write the unit (default: /etc/systemd/system, the only one systemctl is run for).")
    private Path unitDir;

    @Option(names = "--print", description = "Print the unit (or the WinSW XML) and do nothing else.")
    private boolean print;

    @Option(names = "--windows", description = "Write the Windows (WinSW) configuration, on any OS (the default on Windows).")
    private boolean windows;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Windows: where to write <name>-service.xml (default: %%ProgramData%%\\WrenMQ\\service, else here).")
    private Path dir;

    @Option(names = "--java", paramLabel = "FILE",
            description = "Windows: java.exe to run (default: the installation's own, else this command's Java).")
    private String java;

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;
    private final ServiceHost host;

    ServiceInstallCommand(CliEnvironment environment, ServiceHost host) {
        this.environment = environment;
        this.host = host;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return windows || ServiceCommand.onWindows() ? windows() : systemd();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    private int systemd() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path installation = home != null ? environment.workDir().resolve(home).normalize() : environment.home();
        if (installation == null) {
            err.println("error: WRENMQ_HOME is not set: run this through bin/wrenmq, or pass --home DIR");
            return ExitCodes.USAGE;
        }
        Path confFile = conf != null ? environment.workDir().resolve(conf).normalize()
                : ConfigLoader.defaultFile(installation).orElse(null);
        Path data = environment.workDir().resolve(dataDir != null ? dataDir : "/var/lib/wrenmq").normalize();
        SystemdUnit.Settings settings = new SystemdUnit.Settings(name, user, installation, confFile, data,
                System.getProperty("java.home"), environment.env().get("WRENMQ_JAVA_OPTS"));
        String unit = SystemdUnit.render(settings, WrenmqVersion.get());
        if (print) {
            out.print(unit);
            return ExitCodes.OK;
        }
        if (!Files.isExecutable(settings.launcher())) {
            err.println("error: no launcher " + settings.launcher() + " (--home must be a WrenMQ installation)");
            return ExitCodes.USAGE;
        }
        if (installation.startsWith("/tmp") || installation.startsWith("/var/tmp")) {
            err.println("warning: the service cannot see " + installation + " (PrivateTmp=yes): install WrenMQ elsewhere, e.g. /opt/wrenmq");
        }
        Path units = unitDir != null ? environment.workDir().resolve(unitDir) : ServiceCommand.SYSTEMD_UNIT_DIR;
        return new SystemdInstaller(host, out, err).install(settings, unit, units, units.equals(ServiceCommand.SYSTEMD_UNIT_DIR));
    }

    private int windows() throws IOException {
        boolean local = ServiceCommand.onWindows();
        String installation = home != null ? home : local && environment.home() != null ? environment.home().toString() : null;
        if (installation == null) {
            spec.commandLine().getErr().println("error: --home DIR is needed: the installation directory on the Windows machine");
            return ExitCodes.USAGE;
        }
        String confFile = conf == null ? WindowsPaths.join(installation, "etc", "wrenmq.conf")
                : local ? environment.workDir().resolve(conf).toString() : conf;
        String opts = environment.env().get("WRENMQ_JAVA_OPTS");
        List<String> javaOpts = opts != null ? Arrays.asList(opts.trim().split("\\s+")) : WinswConfig.DEFAULT_JAVA_OPTS;
        WinswConfig.Settings settings = new WinswConfig.Settings(name, installation, confFile,
                dataDir != null ? dataDir : WinswConfig.DEFAULT_DATA_DIR, java != null ? java : javaExe(installation, local), javaOpts);
        if (print) {
            spec.commandLine().getOut().print(WinswConfig.render(settings));
            return ExitCodes.OK;
        }
        new WinswInstaller(spec.commandLine().getOut())
                .install(settings, dir != null ? environment.workDir().resolve(dir) : defaultWindowsDir(environment));
        return ExitCodes.OK;
    }

    /** The installation's own java.exe (a jlink image has one), else the one running this command (what wrenmq.cmd chose). */
    private static String javaExe(String installation, boolean local) {
        if (!local) {
            return "%JAVA_HOME%\\bin\\java.exe";
        }
        Path own = Path.of(installation, "bin", "java.exe");
        return Files.isRegularFile(own) ? own.toString() : Path.of(System.getProperty("java.home"), "bin", "java.exe").toString();
    }

    /** %ProgramData%\WrenMQ\service (kept across upgrades, like the data), else the working directory. */
    static Path defaultWindowsDir(CliEnvironment environment) {
        String programData = environment.env().get("ProgramData");
        return programData != null && !programData.isBlank() ? Path.of(programData, "WrenMQ", "service") : environment.workDir();
    }
}
