package io.wrenmq.server.cli;

import io.wrenmq.server.service.ServiceHost;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.WrenmqVersion;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `wrenmq service install|uninstall`: run the broker as a systemd service (Linux) or a WinSW service (Windows). */
@Command(name = "service", mixinStandardHelpOptions = true, versionProvider = WrenmqVersion.class,
        description = {"Installs or removes WrenMQ as a system service: a hardened systemd unit on Linux,",
                "the WinSW wrapper's configuration on Windows (docs/service.md)."})
final class ServiceCommand implements Callable<Integer> {
    /** Where `install` writes the unit, and the only directory for which it runs systemctl. */
    static final Path SYSTEMD_UNIT_DIR = Path.of("/etc/systemd/system");

    @Spec
    private CommandSpec spec;

    /** The command with its subcommands, on the given system (tests pass their own). */
    static CommandLine commandLine(CliEnvironment environment, ServiceHost host) {
        return new CommandLine(new ServiceCommand())
                .addSubcommand("install", new ServiceInstallCommand(environment, host))
                .addSubcommand("uninstall", new ServiceUninstallCommand(environment, host));
    }

    static boolean onWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
